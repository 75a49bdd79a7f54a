package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class CallBudgetTest {

    /** A clock that tests move by hand. */
    static final class StepClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final StepClock clock = new StepClock();
    private final CallBudget budget = CallBudget.start(clock, "aws:i-12345678 (node n)", Duration.ofSeconds(60),
            Duration.ofSeconds(10), Duration.ofSeconds(1), dev.selfheal.spi.Redactor.none());

    @Test
    void eachCallGetsTheCallTimeoutButNeverMoreThanIsLeft() {
        AtomicReference<Duration> seen = new AtomicReference<>();
        budget.call("ec2:DescribeInstances", o -> {
            seen.set(o.apiCallTimeout().orElseThrow());
            return null;
        });
        assertThat(seen.get()).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(57));
        assertThat(budget.override("ec2:DescribeInstances").apiCallTimeout()).contains(Duration.ofSeconds(3));
        assertThat(budget.now()).isEqualTo(Instant.parse("2025-01-01T00:00:57Z"));
    }

    @Test
    void aSpentBudgetFailsRetryableNamingTheCallAndTheLimit() {
        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> budget.call("ec2:StopInstances", o -> "never"))
                .isInstanceOf(RetryableProviderException.class)
                .hasMessageContaining("ec2:StopInstances on aws:i-12345678 (node n)")
                .hasMessageContaining("time limit of PT1M");
    }

    @Test
    void waitsKeepOneCallTimeoutForTheReadBack() {
        assertThat(budget.waiter("ec2:DescribeInstances").waitTimeout()).contains(Duration.ofSeconds(50));
        clock.advance(Duration.ofSeconds(55));
        assertThat(budget.waiter("ec2:DescribeInstances").waitTimeout()).as("at least one poll interval")
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void longWaitsPollLessOftenThanThePollInterval() {
        CallBudget twoHours = CallBudget.start(clock, "m", Duration.ofHours(2), Duration.ofSeconds(30),
                Duration.ofMillis(100), dev.selfheal.spi.Redactor.none());
        var config = twoHours.waiter("autoscaling:DescribeAutoScalingGroups");
        assertThat(config.maxAttempts()).contains(CallBudget.MAX_POLLS + 1);
        assertThat(config.backoffStrategyV2().orElseThrow().computeDelay(1))
                .isGreaterThanOrEqualTo(Duration.ofHours(2).minusSeconds(30).dividedBy(CallBudget.MAX_POLLS));
        assertThat(budget.waiter("ec2:DescribeInstances").backoffStrategyV2().orElseThrow().computeDelay(1))
                .as("short waits poll every pollInterval").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void sdkFailuresAreMappedWithTheCallName() {
        assertThatThrownBy(() -> budget.call("ec2:RebootInstances", o -> {
            throw Ec2Exception.builder().statusCode(403)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnauthorizedOperation").build()).build();
        })).isInstanceOf(PermanentProviderException.class).hasMessageContaining("ec2:RebootInstances on aws:i-12345678");
    }
}
