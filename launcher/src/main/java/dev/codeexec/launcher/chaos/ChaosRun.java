package dev.codeexec.launcher.chaos;

import dev.codeexec.launcher.ProcessStack;
import dev.codeexec.schemas.DeadLetterHeaders;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One row of the table on a running stack: the load, the fault at a moment when work is in flight,
 * probes sent at the fault, more load after the heal, then the invariants.
 *
 * <p>The bound of a submission is its own wall limits (all test cases) + {@link #COMPILE} +
 * {@link #MARGIN}, counted from when it was accepted or, if later, from when the fault was healed.
 * Work has resumed (I5) when one probe per partition of the submissions topic (produced straight to
 * Kafka) and one probe over REST have completed; it must be within {@link #RECOVERY_BOUND} of the heal.
 */
final class ChaosRun {

    static final Duration COMPILE = Duration.ofSeconds(10);
    static final Duration MARGIN = Duration.ofSeconds(60);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    private final ProcessStack stack;
    private final Faults faults;
    private final Consumer<String> log;
    private final boolean hostileEverywhere;
    private final int rounds;
    /** Every key deliberately poisoned on this stack so far (a stack may run several rows). */
    private final Set<String> deliberate = Collections.synchronizedSet(new HashSet<>());

    ChaosRun(ProcessStack stack, Faults faults, Consumer<String> log, boolean hostileEverywhere, int rounds) {
        this.stack = stack;
        this.faults = faults;
        this.log = log;
        this.hostileEverywhere = hostileEverywhere;
        this.rounds = rounds;
    }

    Row run(Fault fault, int number) {
        Optional<String> skip = faults.skipReason(fault);
        if (skip.isPresent()) {
            return Row.skipped(fault, skip.get());
        }
        String tag = "chaos-" + number + "-" + fault.label();
        List<Driver.Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        List<String> violations = new ArrayList<>();
        Set<String> mustDie = new HashSet<>();
        Set<String> mayDie = new HashSet<>();
        try (Driver driver = new Driver(stack)) {
            submitAll(driver, Workload.ordinary(rounds), accepted, violations);
            accepted.add(driver.produce(tag + "-raw-1", Workload.ordinary(1).get(1)));
            accepted.add(driver.produce(tag + "-raw-2", Workload.ordinary(1).get(0)));
            if (fault == Fault.POISON_RECORDS || hostileEverywhere) {
                for (Poison.Record p : Poison.unreadable(tag + "-poison")) {
                    driver.produceRaw(p.key(), p.value());
                    mustDie.add(p.key());
                }
            }
            if (fault == Fault.POISON_OVERSIZED || hostileEverywhere) {
                for (Poison.Record p : Poison.oversized(tag + "-poison")) {
                    driver.produceRaw(p.key(), p.value());
                    mustDie.add(p.key());
                }
            }
            if (fault == Fault.HOSTILE_SUBMISSIONS || hostileEverywhere) {
                int before = accepted.size();
                submitAll(driver, Workload.hostile(), accepted, violations);
                accepted.subList(before, accepted.size()).forEach(a -> mayDie.add(a.id()));
                String nul = tag + "-nul-metadata";
                driver.produceRaw(nul, Poison.nulMetadata(nul).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                accepted.add(new Driver.Accepted(nul, Submission.hostile("nul-metadata-kafka", "", Workload.DEFAULT_WALL_MS),
                        Instant.now(), false));
                mayDie.add(nul);
            }
            if (fault == Fault.KILL_BOX) {
                submitAll(driver, List.of(Workload.longSleeper(), Workload.longSleeper()), accepted, violations);
            }
            deliberate.addAll(mustDie);
            deliberate.addAll(mayDie);
            awaitWorkInFlight(driver, accepted);

            Instant faultAt = Instant.now();
            log.accept("fault: " + fault.description());
            List<Driver.Accepted> probes = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> restProbe = CompletableFuture.runAsync(() -> driver
                    .submitUntilAccepted(Workload.probe(0), faultAt.plus(Duration.ofMinutes(5))).ifPresent(probes::add));
            CompletableFuture<Void> kafkaProbes = CompletableFuture.runAsync(() -> {
                for (int p = 0; p < stack.partitions(); p++) {
                    probes.add(driver.produce(Driver.idOnPartition(tag + "-probe-p" + p, p, stack.partitions()),
                            Workload.probe(p + 1)));
                }
            });
            Instant healedAt = faults.inject(fault);
            log.accept(String.format("healed after %.1f s", seconds(faultAt, healedAt)));
            submitAll(driver, Workload.ordinary(1), accepted, violations);
            try {
                CompletableFuture.allOf(restProbe, kafkaProbes).get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                violations.add("I5: the probes could not be sent: " + e);
            }
            accepted.addAll(probes);

            Map<String, Instant> deadlines = new HashMap<>();
            for (Driver.Accepted a : accepted) {
                Instant from = a.acceptedAt().isAfter(healedAt) ? a.acceptedAt() : healedAt;
                deadlines.put(a.id(), from.plusMillis(a.submission().ownMs()).plus(COMPILE).plus(MARGIN));
            }
            Map<String, Driver.Terminal> overRest = awaitTerminal(driver, accepted, deadlines);
            TopicLog topics = new TopicLog(stack.bootstrapServers());
            Map<String, List<TopicLog.Entry>> results = awaitRawResults(topics, accepted, deadlines);
            return judge(fault, accepted, probes, deadlines, overRest, results, topics, mustDie, mayDie,
                    faultAt, healedAt, violations);
        }
    }

    private void submitAll(Driver driver, List<Submission> load, List<Driver.Accepted> accepted, List<String> violations) {
        for (Submission s : load) {
            Object answer = driver.submit(s);
            if (answer instanceof Driver.Accepted a) {
                accepted.add(a);
            } else if (answer instanceof Driver.Refused r) {
                // 503 and 429 say "not now, nothing stored": no loss, the user retries
                boolean notNow = r.status() == 503 || r.status() == 429;
                if ((r.status() >= 500 && !notNow) || (!s.hostile() && r.status() != 0 && !notNow)) {
                    violations.add("API: " + s.kind() + " answered " + r.status() + ": " + abbreviate(r.body()));
                } else if (r.status() == 0) {
                    log.accept(s.kind() + " not sent, the API does not answer: " + abbreviate(r.body()));
                } else {
                    log.accept(s.kind() + " refused with " + r.status() + ": " + abbreviate(r.body()));
                }
            }
        }
    }

    /** Waits (at most 30 s) until a submission runs, so the fault meets work in flight. */
    private static void awaitWorkInFlight(Driver driver, List<Driver.Accepted> accepted) {
        List<String> sleepers = accepted.stream().filter(a -> a.viaRest() && a.submission().kind().equals("python-sleep"))
                .map(Driver.Accepted::id).toList();
        Instant giveUp = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(giveUp)) {
            for (String id : sleepers) {
                if (driver.running(id)) {
                    return;
                }
            }
            Driver.pause(Duration.ofMillis(200));
        }
    }

    private Map<String, Driver.Terminal> awaitTerminal(Driver driver, List<Driver.Accepted> accepted,
            Map<String, Instant> deadlines) {
        Map<String, Driver.Terminal> terminal = new HashMap<>();
        List<Driver.Accepted> rest = accepted.stream().filter(Driver.Accepted::viaRest).toList();
        Instant last = rest.stream().map(a -> deadlines.get(a.id())).max(Instant::compareTo).orElse(Instant.now());
        while (terminal.size() < rest.size() && Instant.now().isBefore(last)) {
            for (Driver.Accepted a : rest) {
                if (!terminal.containsKey(a.id())) {
                    driver.terminal(a.id()).ifPresent(t -> terminal.put(a.id(), t));
                }
            }
            Driver.pause(Duration.ofMillis(500));
        }
        log.accept(terminal.size() + " of " + rest.size() + " REST submissions terminal");
        return terminal;
    }

    /** Reads the result topic until every submission produced straight to Kafka has a result, or its bound passed. */
    private static Map<String, List<TopicLog.Entry>> awaitRawResults(TopicLog topics, List<Driver.Accepted> accepted,
            Map<String, Instant> deadlines) {
        List<Driver.Accepted> raw = accepted.stream().filter(a -> !a.viaRest()).toList();
        Instant last = raw.stream().map(a -> deadlines.get(a.id())).max(Instant::compareTo).orElse(Instant.now());
        while (true) {
            Map<String, List<TopicLog.Entry>> byKey = new HashMap<>();
            for (TopicLog.Entry e : topics.read(Topics.RESULTS, null)) {
                byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
            }
            boolean all = raw.stream().allMatch(a -> byKey.containsKey(a.id()));
            if (all || Instant.now().isAfter(last)) {
                return byKey;
            }
            Driver.pause(Duration.ofSeconds(2));
        }
    }

    private Row judge(Fault fault, List<Driver.Accepted> accepted, List<Driver.Accepted> probes,
            Map<String, Instant> deadlines, Map<String, Driver.Terminal> overRest,
            Map<String, List<TopicLog.Entry>> results, TopicLog topics, Set<String> mustDie, Set<String> mayDie,
            Instant faultAt, Instant healedAt, List<String> violations) {
        int completed = 0;
        int wrong = 0;
        List<String> lostKinds = new ArrayList<>();
        List<String> noRecord = new ArrayList<>();
        int duplicates = 0;
        Instant resumed = faultAt;
        boolean allProbes = probes.size() == stack.partitions() + 1;
        for (Driver.Accepted a : accepted) {
            List<TopicLog.Entry> records = results.getOrDefault(a.id(), List.of());
            if (records.size() > 1) {
                duplicates++;
            }
            Optional<Instant> doneAt;
            Optional<String> verdict;
            if (a.viaRest()) {
                doneAt = Optional.ofNullable(overRest.get(a.id())).map(Driver.Terminal::seenAt);
                verdict = Optional.ofNullable(overRest.get(a.id())).map(Driver.Terminal::verdict);
                if (doneAt.isPresent() && records.isEmpty()) {
                    noRecord.add(a.submission().kind() + " " + a.id());
                }
            } else {
                doneAt = records.stream().map(TopicLog.Entry::timestamp).min(Instant::compareTo);
                verdict = records.stream().findFirst().map(e -> Json.mapper().readTree(e.value()).path("verdict").asString());
            }
            boolean inBound = doneAt.isPresent() && !doneAt.get().isAfter(deadlines.get(a.id()));
            if (inBound) {
                completed++;
            } else {
                lostKinds.add(a.submission().kind() + " " + a.id() + (doneAt.isPresent() ? " (late)" : ""));
            }
            if (!a.submission().hostile() && !a.submission().expected().isEmpty() && verdict.isPresent()
                    && !verdict.get().equals(a.submission().expected())) {
                wrong++;
                log.accept("unexpected verdict " + verdict.get() + " for " + a.submission().kind() + " " + a.id());
            }
            if (probes.contains(a)) {
                if (doneAt.isPresent() && doneAt.get().isAfter(resumed)) {
                    resumed = doneAt.get();
                } else if (doneAt.isEmpty()) {
                    allProbes = false;
                }
            }
        }
        int lost = accepted.size() - completed;
        if (lost > 0) {
            violations.add("I1: " + lost + " of " + accepted.size() + " accepted without a terminal result within the bound: "
                    + abbreviate(String.join(", ", lostKinds)));
        }
        if (duplicates > 0) {
            violations.add("I2: " + duplicates + " id(s) with more than one committed result record");
        }
        if (!noRecord.isEmpty()) {
            violations.add("I2: completed over REST but no committed result record: " + abbreviate(String.join(", ", noRecord)));
        }
        int deadLetters = 0;
        int unexpected = 0;
        Set<String> seen = new HashSet<>();
        for (String topic : topics.deadLetterTopics()) {
            for (TopicLog.Entry e : topics.read(topic, DeadLetterHeaders.REASON)) {
                boolean ours = mustDie.contains(e.key()) || mayDie.contains(e.key());
                if (ours) {
                    deadLetters++;
                    seen.add(e.key());
                }
                if (!deliberate.contains(e.key()) || e.header() == null || e.header().isBlank()) {
                    unexpected++;
                    violations.add("I3: " + topic + " holds " + e.key() + (e.header() == null ? " without a reason"
                            : " (reason " + e.header() + "), which was not poisoned on purpose"));
                }
            }
        }
        for (String key : mustDie) {
            if (!seen.contains(key)) {
                violations.add("I3: the poison record " + key + " is in no dead-letter topic");
            }
        }
        Optional<Double> fromFault = allProbes ? Optional.of(seconds(faultAt, resumed)) : Optional.empty();
        Optional<Double> fromHeal = allProbes ? Optional.of(Math.max(0, seconds(healedAt, resumed))) : Optional.empty();
        if (fromHeal.isEmpty()) {
            violations.add("I5: work did not resume on every partition within the bound");
        } else if (fromHeal.get() > RECOVERY_BOUND.toSeconds()) {
            violations.add(String.format("I5: work resumed %.1f s after the heal (bound %d s)", fromHeal.get(),
                    RECOVERY_BOUND.toSeconds()));
        }
        return new Row(fault, Optional.empty(), accepted.size(), completed, duplicates, lost, deadLetters, unexpected,
                fromFault, fromHeal, wrong, Optional.empty(), List.copyOf(violations));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
