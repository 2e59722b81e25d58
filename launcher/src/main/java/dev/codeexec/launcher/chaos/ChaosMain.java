package dev.codeexec.launcher.chaos;

import dev.codeexec.launcher.ProcessStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@code ./codeexec chaos [FAULT...]}: runs each fault of the table (all by default), in order, on
 * one {@link ProcessStack} (or a fresh one per row with {@code --fresh-stack}: slower, rows fully
 * independent, I4 checked after each), prints one row per fault and exits 0 only if every invariant
 * held in every row that ran. On one stack, I4 (no box left) is checked after the last row and
 * reported in it.
 *
 * <p>Options: {@code --allow-dockerd-restart} (the restart-dockerd row stops the machine's shared
 * engine, so it is skipped without it), {@code --hostile-everywhere} (the poison and hostile load
 * in every row, not only in their own), {@code --partitions N} (4), {@code --rounds N} (2: rounds of
 * the 8 ordinary submissions before the fault), {@code --data DIR} (where the stacks live; default
 * a new temporary directory, removed at the end unless {@code --keep}).
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws IOException {
        // the harness prints its own progress; Kafka's and zonky's client logs would drown it
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        List<Fault> faults = new ArrayList<>();
        boolean allowDockerd = false;
        boolean hostileEverywhere = false;
        boolean keep = false;
        boolean freshStack = false;
        int partitions = 4;
        int rounds = 2;
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--allow-dockerd-restart" -> allowDockerd = true;
                case "--hostile-everywhere" -> hostileEverywhere = true;
                case "--keep" -> keep = true;
                case "--fresh-stack" -> freshStack = true;
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--list" -> {
                    Fault.table().forEach(f -> System.out.printf("%-20s %s%n", f.label(), f.description()));
                    return;
                }
                default -> {
                    String label = args[i];
                    faults.add(Fault.byLabel(label).orElseThrow(() -> new IllegalArgumentException(
                            "unknown fault '" + label + "'; ./codeexec chaos --list shows them")));
                }
            }
        }
        if (faults.isEmpty()) {
            faults.addAll(Fault.table());
        }
        Path root = data != null ? data : Files.createTempDirectory("codeexec-chaos-");
        long t0 = System.nanoTime();
        Consumer<String> log = line -> System.out.printf("[chaos %6.1f s] %s%n",
                (System.nanoTime() - t0) / 1e9, line);
        log.accept("stacks under " + root + "; " + faults.size() + " row(s)");
        AtomicReference<ProcessStack> current = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ProcessStack stack = current.getAndSet(null);
            if (stack != null) {
                stack.close();
            }
        }, "chaos-shutdown"));
        List<Row> rows = freshStack
                ? freshStackPerRow(faults, root, partitions, rounds, allowDockerd, hostileEverywhere, log, current)
                : oneStack(faults, root.resolve("stack"), partitions, rounds, allowDockerd, hostileEverywhere, log, current);
        String table = Table.render(rows);
        System.out.println();
        System.out.println(table);
        Files.writeString(root.resolve("chaos-table.md"), "chaos run of " + Instant.now() + "\n\n" + table);
        if (!keep && data == null) {
            deleteQuietly(root);
        } else {
            System.out.println("stacks, logs and the table kept under " + root);
        }
        System.exit(rows.stream().allMatch(Row::held) ? 0 : 1);
    }

    private static List<Row> freshStackPerRow(List<Fault> faults, Path root, int partitions, int rounds,
            boolean allowDockerd, boolean hostileEverywhere, Consumer<String> log, AtomicReference<ProcessStack> current) {
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < faults.size(); n++) {
            rows.addAll(oneStack(List.of(faults.get(n)), root.resolve((n + 1) + "-" + faults.get(n).label()), partitions,
                    rounds, allowDockerd, hostileEverywhere, log, current));
        }
        return rows;
    }

    /** The rows in order on one stack; I4 (no box left after a clean stop) is added to the last row that ran. */
    private static List<Row> oneStack(List<Fault> faults, Path dir, int partitions, int rounds, boolean allowDockerd,
            boolean hostileEverywhere, Consumer<String> log, AtomicReference<ProcessStack> current) {
        List<Row> rows = new ArrayList<>();
        ProcessStack stack = new ProcessStack(dir, partitions, log);
        Faults injector = new Faults(stack, log, allowDockerd);
        current.set(stack);
        try {
            stack.start();
            log.accept("stack up: API " + stack.apiBaseUrl() + ", Kafka " + stack.bootstrapServers() + ", data " + dir);
            ChaosRun chaos = new ChaosRun(stack, injector, log, hostileEverywhere, rounds);
            for (Fault fault : faults) {
                log.accept("row: " + fault.label() + " (" + fault.description() + ")");
                Row row;
                try {
                    row = chaos.run(fault, rows.size() + 1);
                } catch (RuntimeException e) {
                    log.accept(fault.label() + " could not run: " + e);
                    row = Row.failed(fault, "run: " + e);
                    stack.startMissing();
                }
                log.accept(fault.label() + ": " + row.status() + (row.held() ? "" : " " + row.violations()));
                log.accept(Table.line(row).strip());
                rows.add(row);
            }
            stack.stopServices();
            int last = lastThatRan(rows);
            if (last >= 0) {
                rows.set(last, rows.get(last).withBoxesLeft(stack.boxCount()));
            }
        } catch (RuntimeException e) {
            log.accept("the stack failed: " + e);
            for (Fault fault : faults.subList(rows.size(), faults.size())) {
                rows.add(Row.failed(fault, "stack: " + e));
            }
        } finally {
            stack.close();
            current.set(null);
        }
        return rows;
    }

    private static int lastThatRan(List<Row> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).skipped().isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + root + ": " + e.getMessage());
        }
    }
}
