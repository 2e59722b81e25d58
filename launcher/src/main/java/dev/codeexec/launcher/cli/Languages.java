package dev.codeexec.launcher.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The stack's languages ({@code GET /api/v1/languages}): which ids exist, which extension is whose. */
final class Languages {

    private final List<String> ids = new ArrayList<>();
    private final Map<String, String> byExtension = new LinkedHashMap<>();

    Languages(JsonNode languages) {
        for (JsonNode language : languages) {
            String id = language.path("id").asString();
            ids.add(id);
            for (JsonNode extension : language.path("extensions")) {
                byExtension.putIfAbsent(extension.asString().toLowerCase(Locale.ROOT), id);
            }
        }
    }

    /** The language named with {@code --language}, checked against the stack's. */
    String named(String id) {
        if (!ids.contains(id)) {
            throw CliFailure.usage("unknown language '" + id + "': the stack runs " + String.join(", ", ids));
        }
        return id;
    }

    /** The language of a file from its extension, if the stack knows the extension. */
    Optional<String> of(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(byExtension.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** The language of a file named on the command line: from the option, else its extension. */
    String forFile(Path file, Optional<String> option) {
        return option.map(this::named).orElseGet(() -> of(file).orElseThrow(() -> CliFailure.usage(
                "cannot tell the language of " + file + " from its extension: use --language L, or one of "
                        + String.join(" ", new TreeSet<>(byExtension.keySet()).stream().map(e -> "." + e).toList()))));
    }
}
