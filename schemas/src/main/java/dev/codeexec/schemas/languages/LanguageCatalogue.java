package dev.codeexec.schemas.languages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The languages codeexec knows, loaded from {@code languages.yml} on the classpath, or from the
 * file a deployment names (environment variable {@value #FILE_ENV}).
 */
public final class LanguageCatalogue {

    public static final String FILE_ENV = "CODEEXEC_LANGUAGES_FILE";

    private final Map<String, Language> byId;
    /** The same languages in catalogue order ({@link #byId} is a Map.copyOf, which has none). */
    private final List<Language> ordered;

    public LanguageCatalogue(List<Language> languages) {
        Map<String, Language> map = new LinkedHashMap<>();
        for (Language language : languages) {
            if (map.put(language.id(), language) != null) {
                throw new IllegalArgumentException("language " + language.id() + " is defined twice");
            }
            if (language.run().isEmpty() || language.image() == null || language.sourceFile() == null) {
                throw new IllegalArgumentException("language " + language.id() + " needs image, sourceFile and run");
            }
        }
        this.byId = Map.copyOf(map);
        this.ordered = List.copyOf(map.values());
    }

    /** The catalogue from {@value #FILE_ENV} when set, else the built-in one. */
    public static LanguageCatalogue load() {
        String file = System.getenv(FILE_ENV);
        return file == null || file.isBlank() ? builtIn() : fromFile(Path.of(file));
    }

    public static LanguageCatalogue builtIn() {
        try (InputStream in = LanguageCatalogue.class.getResourceAsStream("/languages.yml")) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LanguageCatalogue fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read languages file " + file, e);
        }
    }

    private static LanguageCatalogue parse(InputStream in) {
        YAMLMapper yaml = YAMLMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        Document doc = yaml.readValue(in, Document.class);
        return new LanguageCatalogue(doc.languages());
    }

    private record Document(List<Language> languages) {
    }

    public Optional<Language> find(String id) {
        return Optional.ofNullable(id).map(byId::get);
    }

    /** Languages in catalogue order. */
    public List<Language> all() {
        return ordered;
    }

    /** The language whose extensions include this file name's, for uploads without a language. */
    public Optional<Language> byFileName(String fileName) {
        return ordered.stream().filter(l -> l.ownsFile(fileName)).findFirst();
    }
}
