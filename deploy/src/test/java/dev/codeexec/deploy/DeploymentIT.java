package dev.codeexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;

/**
 * The deployment, driven like a user, in one topology started once: it scales out with executors,
 * survives an executor added and one killed mid-load, and survives the loss of one broker of three,
 * each time with every submission's result read exactly once by a {@code read_committed} consumer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentIT {

    static final int PARTITIONS = 12;
    static final int SLOTS = 1;
    static final int BATCH = 48;

    static Deployment deployment;
    static Results results;
    static Submitter submitter;
    static Admin admin;
    static final List<Double> rates = new ArrayList<>();
    static final ScaleReport report = new ScaleReport();

    @BeforeAll
    static void start() {
        deployment = Deployment.start(PARTITIONS, 1, SLOTS);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, deployment.bootstrapServers());
        admin = Admin.create(config);
        results = new Results(deployment.bootstrapServers());
        submitter = new Submitter(deployment);
    }

    @AfterAll
    static void stop() throws Exception {
        if (submitter != null) {
            submitter.close();
        }
        if (results != null) {
            results.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (deployment != null) {
            deployment.close();
        }
        report.print();
    }

    @Test
    @Order(1)
    void everyCodeexecTopicHasThreeReplicasAndTwoInSyncReplicasRequired() throws Exception {
        List<String> topics = List.of(Topics.SUBMISSIONS, Topics.RESULTS, Topics.STATUS, Topics.SUBMISSIONS_DLT);
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(1, TimeUnit.MINUTES);
        described.values().forEach(t -> {
            assertThat(t.partitions()).as(t.name()).hasSize(PARTITIONS);
            t.partitions().forEach(p -> assertThat(p.replicas()).as(t.name()).hasSize(3));
        });
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        admin.describeConfigs(resources).all().get(1, TimeUnit.MINUTES).values()
                .forEach(c -> assertThat(c.get("min.insync.replicas").value()).isEqualTo("2"));
    }

    @Test
    @Order(2)
    void executionsPerSecondGrowWithExecutors() {
        for (int executors = 1; executors <= 3; executors++) {
            if (executors > 1) {
                deployment.addExecutor();
            }
            awaitGroupMembers(executors);
            warmUp();
            Load load = Load.produce(submitter, BATCH, PARTITIONS, "scale-" + executors);
            load.awaitAll(results, Duration.ofMinutes(3));
            assertExactlyOnceAccepted(load.ids);
            rates.add(load.rate(results));
            report.scale(executors, BATCH, load.rate(results), load.latenciesMs(results));
        }
        System.out.printf("executions/s with 1, 2, 3 executors: %.2f %.2f %.2f (%.2fx, %.2fx)%n", rates.get(0),
                rates.get(1), rates.get(2), rates.get(1) / rates.get(0), rates.get(2) / rates.get(0));
        // In the test suite the ratios must show scale-out on a shared machine; the targets
        // (1.8x, 2.5x) are what ./codeexec bench scale checks, by passing them as these properties.
        double min2 = Double.parseDouble(System.getProperty("codeexec.scale.min2", "1.3"));
        double min3 = Double.parseDouble(System.getProperty("codeexec.scale.min3", "1.6"));
        assertThat(rates.get(1) / rates.get(0)).as("2 executors against 1").isGreaterThanOrEqualTo(min2);
        assertThat(rates.get(2) / rates.get(0)).as("3 executors against 1").isGreaterThanOrEqualTo(min3);
    }

    @Test
    @Order(3)
    void anExecutorAddedAndOneKilledMidLoadLoseAndDuplicateNothing() throws Exception {
        Load load = Load.begin();
        List<String> restIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            restIds.add(submitter.post());
        }
        int before = deployment.executors().size();
        // submissions keep coming (2/s, slower than the executors drain them) until the new executor
        // has joined and the old one is dead, so both happen mid-load
        java.util.concurrent.atomic.AtomicBoolean killedYet = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.Future<?> producing = background.submit(() -> {
            int afterKill = 0;
            for (int i = 0; afterKill < 20; i++) {
                if (i < 150 || killedYet.get()) {
                    load.add(submitter, "rebalance", i % PARTITIONS);
                    submitter.flush();
                    afterKill += killedYet.get() ? 1 : 0;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L); // the pace of the load
            }
        });
        await().atMost(Duration.ofMinutes(2)).until(() -> results.countOf(List.copyOf(load.ids)) >= 10);
        background.submit(deployment::addExecutor);
        awaitGroupMembers(before + 1);
        long killed = System.nanoTime();
        Deployment.kill(deployment.executors().get(0));
        killedYet.set(true);
        producing.get(5, TimeUnit.MINUTES);
        background.shutdown();

        load.awaitAll(results, Duration.ofMinutes(4));
        List<String> all = new ArrayList<>(load.ids);
        all.addAll(restIds);
        await().atMost(Duration.ofMinutes(2)).until(() -> results.countOf(all) == all.size());
        assertExactlyOnceAccepted(all);
        assertThat(submitter.producerErrors()).isEmpty();
        report.recovery("executor killed (" + (before + 1) + " -> " + before + " executors, 1 added just before)",
                load.recoverySeconds(results, killed));
        for (String id : restIds) {
            await().atMost(Duration.ofMinutes(1)).until(() -> submitter.get(id).contains("\"status\":\"COMPLETED\""));
            assertThat(submitter.get(id)).contains("\"verdict\":\"ACCEPTED\"").contains("\"stdout\":\"ok\\n\"");
        }
    }

    @Test
    @Order(4)
    void oneBrokerOfThreeKilledMidLoadLosesAndDuplicatesNothing() throws Exception {
        Load load = Load.begin();
        long killed = 0;
        for (int i = 0; i < 60; i++) {
            load.add(submitter, "broker-loss", i % PARTITIONS);
            if (i == 20) {
                submitter.flush();
                killed = System.nanoTime();
                Deployment.kill(deployment.brokers().get(1));
            }
        }
        submitter.flush();
        String restId = submitter.post();
        System.out.println("[deploy] POST right after the broker kill: " + submitter.unavailable().size()
                + " answer(s) 503 before the 202");
        assertThat(submitter.unavailable()).as("a 503 accepts nothing and says so")
                .allSatisfy(body -> assertThat(body).contains("nothing was accepted"));

        load.awaitAll(results, Duration.ofMinutes(5));
        List<String> all = new ArrayList<>(load.ids);
        all.add(restId);
        await().atMost(Duration.ofMinutes(2)).until(() -> results.countOf(all) == all.size());
        assertExactlyOnceAccepted(all);
        assertThat(submitter.producerErrors()).as("errors the producer gave up on").isEmpty();
        report.recovery("broker kafka-2 killed (3 -> 2 brokers)", load.recoverySeconds(results, killed));
        await().atMost(Duration.ofMinutes(1)).until(() -> submitter.get(restId).contains("\"status\":\"COMPLETED\""));
    }

    /** A few sleepers on every partition, so every executor has its warm boxes and its producers. */
    private static void warmUp() {
        Load warmUp = Load.produce(submitter, PARTITIONS, PARTITIONS, "warm-up");
        warmUp.awaitAll(results, Duration.ofMinutes(3));
    }

    static void awaitGroupMembers(int executors) {
        await().atMost(Deployment.START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("codeexec-executor"))
                    .all().get(10, TimeUnit.SECONDS).get("codeexec-executor");
            return group.members().size() == executors * SLOTS
                    && group.members().stream().map(MemberDescription::assignment)
                            .allMatch(a -> !a.topicPartitions().isEmpty());
        });
    }

    static void assertExactlyOnceAccepted(List<String> ids) {
        for (String id : ids) {
            List<Results.Seen> seen = results.of(id);
            assertThat(seen).as("results of " + id).hasSize(1);
            assertThat(seen.get(0).result().verdict()).as(id).isEqualTo(Verdict.ACCEPTED);
        }
        assertThat(Set.copyOf(ids)).hasSize(ids.size());
    }
}
