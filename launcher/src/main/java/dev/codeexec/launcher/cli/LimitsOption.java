package dev.codeexec.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --limit cpu=2000,memory=128}: short or API names of limits, turned into the API's names. */
final class LimitsOption {

    /** Short name to the API's name; the API's names are accepted as they are too. */
    private static final Map<String, String> NAMES = Map.of(
            "cpu", "cpuTimeMs",
            "wall", "wallTimeMs",
            "memory", "memoryMb",
            "processes", "processes",
            "output", "outputKb",
            "filesize", "fileSizeKb");

    private LimitsOption() {
    }

    static Map<String, Long> parse(String value) {
        Map<String, Long> limits = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String item = part.strip();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw CliFailure.usage("--limit takes NAME=VALUE[,NAME=VALUE...], got '" + item + "'");
            }
            String name = apiName(item.substring(0, eq).strip());
            try {
                long number = Long.parseLong(item.substring(eq + 1).strip());
                if (number <= 0) {
                    throw new NumberFormatException();
                }
                limits.put(name, number);
            } catch (NumberFormatException e) {
                throw CliFailure.usage("--limit " + item.substring(0, eq).strip() + " must be a positive whole number, got '"
                        + item.substring(eq + 1).strip() + "'");
            }
        }
        return limits;
    }

    private static String apiName(String name) {
        if (NAMES.containsKey(name)) {
            return NAMES.get(name);
        }
        if (NAMES.containsValue(name)) {
            return name;
        }
        throw CliFailure.usage("unknown limit '" + name + "': use cpu, wall, memory, processes, output or filesize"
                + " (or cpuTimeMs, wallTimeMs, memoryMb, outputKb, fileSizeKb)");
    }
}
