package dev.codeexec.sink.support;

import dev.codeexec.testsupport.KafkaContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

/**
 * What a sink integration test runs against: a fresh database ({@link TestDatabase}), a real broker
 * and a local object store in a directory of its own, and the properties that point the sink at them.
 */
public final class SinkDependencies implements AutoCloseable {

    private final TestDatabase database;
    private final KafkaContainer kafka;
    private final Path objects;

    private SinkDependencies(TestDatabase database, KafkaContainer kafka, Path objects) {
        this.database = database;
        this.kafka = kafka;
        this.objects = objects;
    }

    /** Starts them; {@code name} tells the test's object directory from the others in the temp dir. */
    public static SinkDependencies start(String name) {
        try {
            Path objects = Files.createTempDirectory("sink-" + name + "-objects-");
            return new SinkDependencies(TestDatabase.start(), KafkaContainer.start(2), objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the sink under test at the broker, the database and the object directory. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        database.register(registry);
        registry.add("codeexec.sink.storage.local.root", objects::toString);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The directory the sink's local object store writes under. */
    public Path objects() {
        return objects;
    }

    /**
     * Closes the test's database and deletes its object directory. The broker keeps running until
     * the JVM exits, as the test's application context does (Spring keeps it cached): stopped under
     * it, the context's consumers would spend the remaining tests reconnecting.
     */
    @Override
    public void close() {
        database.close();
        try {
            FileSystemUtils.deleteRecursively(objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
