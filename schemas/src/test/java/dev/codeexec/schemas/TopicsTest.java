package dev.codeexec.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The catalogue holds every topic a service declares, dead-letter topics included. */
class TopicsTest {

    @Test
    void everyDeclaredTopicIsInTheCatalogueOnce() {
        assertThat(Topics.all()).doesNotHaveDuplicates()
                .containsAll(Topics.EXECUTOR_TOPICS).containsAll(Topics.SINK_TOPICS).containsAll(Topics.STATS_TOPICS)
                .contains(Topics.RESULTS_DLT, Topics.STATUS_DLT, Topics.STATS_DLT, Topics.SUBMISSIONS_DLT);
    }

    @Test
    void everyTopicARecordIsReadFromHasItsDeadLetterTopic() {
        for (String topic : new String[] {Topics.SUBMISSIONS, Topics.RESULTS, Topics.STATUS, Topics.STATS}) {
            assertThat(Topics.all()).contains(topic + Topics.DEAD_LETTER_SUFFIX);
        }
    }

    @Test
    void webhookRetryTopicsAreNamedByTheirDelayAfterTheResultsTopic() {
        assertThat(Topics.webhookRetry(1000)).isEqualTo("codeexec.results.v1-webhook-retry-1000");
        assertThat(Topics.WEBHOOKS_DLT).isEqualTo("codeexec.results.v1-webhook-dlt");
    }

    @Test
    void aDeclarationCarriesTheDeploymentsPartitionsAndReplication() {
        NewTopic topic = Topics.declaration(Topics.RESULTS_DLT, 6, 3, Map.of("max.message.bytes", "2097152"));

        assertThat(topic.name()).isEqualTo("codeexec.results.v1.dlt");
        assertThat(topic.numPartitions()).isEqualTo(6);
        assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        assertThat(topic.configs()).containsEntry("max.message.bytes", "2097152");
        assertThatThrownBy(() -> Topics.declaration("codeexec.typo.v1", 6, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
