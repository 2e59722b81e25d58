package dev.codeexec.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Against the machine's Docker engine: a missing image is a clear failure that says what to run. */
class LocalImagesTest {

    @Test
    void aMissingImageFailsWithWhatToBuildInsteadOfAPull() {
        assertThatThrownBy(() -> LocalImages.require("codeexec-no-such-image:0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("codeexec-no-such-image:0 is not on this machine")
                .hasMessageContaining("deploy/images.sh --infra");
    }

    @Test
    void theImagesTheTestsStartAreBuilt() {
        assertThatCode(() -> LocalImages.require(PostgresContainer.IMAGE)).doesNotThrowAnyException();
    }
}
