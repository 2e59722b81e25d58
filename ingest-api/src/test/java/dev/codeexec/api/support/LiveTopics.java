package dev.codeexec.api.support;

import static org.awaitility.Awaitility.await;

import dev.codeexec.api.adapter.kafka.KafkaLiveEvents;
import dev.codeexec.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The status and result topics, which the executor and the sink declare in a real deployment, for
 * tests that play those services: created if missing, and followed by the API before a test
 * produces to them.
 */
public final class LiveTopics {

    private LiveTopics() {
    }

    public static void ensureFollowed(String bootstrapServers, KafkaLiveEvents live) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = List.of(Topics.STATUS, Topics.RESULTS).stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the status and result topics", e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> live.follows(Topics.STATUS) && live.follows(Topics.RESULTS));
    }

    /** Produces one record and waits for the broker's acknowledgement. */
    public static void produce(String bootstrapServers, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }
}
