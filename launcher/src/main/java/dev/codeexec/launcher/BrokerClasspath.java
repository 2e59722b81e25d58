package dev.codeexec.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The class path of the broker child process, written by the build into
 * {@code broker.properties}: the launcher's runtime jars without Spring Boot's logging bridges,
 * plus Log4j 2 (which is kept off the launcher's own class path, where it would fight Logback).
 */
final class BrokerClasspath {

    private BrokerClasspath() {
    }

    static String resolve() {
        Properties props = new Properties();
        try (InputStream in = BrokerClasspath.class.getResourceAsStream("broker.properties")) {
            if (in == null) {
                throw new IllegalStateException("broker.properties is missing: build the launcher with Maven");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String classpath = props.getProperty("classpath", "");
        if (classpath.isBlank() || classpath.contains("${")) {
            throw new IllegalStateException("broker.properties was not filtered by the build: run mvn package in launcher/");
        }
        List<String> entries = new ArrayList<>(List.of(classpath.split(java.io.File.pathSeparator)));
        Path loggingDir = Path.of(props.getProperty("logging.dir"));
        try (Stream<Path> jars = Files.list(loggingDir)) {
            jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("the broker's logging jars are missing in " + loggingDir
                    + ": run mvn package in launcher/", e);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
