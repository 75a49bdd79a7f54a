package dev.selfheal.provider.baremetal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerTextTest {

    @Test
    void theRedactorMasksTheSecretAndDropsNoise() {
        String out = "/usr/sbin/fence_ipmilan:5: DeprecationWarning: 'pipes' is deprecated\n  from pipes import quote\n"
                + "ERROR: login with pw hunter2 failed\n\n";
        assertThat(PeerText.clean(out, dev.selfheal.spi.Redactor.of(dev.selfheal.spi.Secret.of("hunter2")))).isEqualTo("ERROR: login with pw **** failed");
        assertThat(PeerText.clean("x".repeat(2000), dev.selfheal.spi.Redactor.none())).hasSize(PeerText.MAX_LENGTH + 3);
    }
}
