package dev.codeexec.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KafkaContainerTest {

    @Test
    void clusterIdsAreSixteenBytesOfBase64UrlAndNeverLookLikeAnOption() {
        IntStream.range(0, 5_000).mapToObj(i -> KafkaContainer.clusterId()).forEach(id -> {
            assertThat(id).hasSize(22).doesNotStartWith("-");
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        });
    }
}
