package dev.selfheal.provider.aws;

import dev.selfheal.spi.ActionNotPermittedException;
import dev.selfheal.spi.Redactor;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The time one provider operation (a fence, a replace) may still spend, measured on the injected clock.
 * Every API call of the operation runs through {@link #call}, which caps the call's SDK time-out at what is
 * left and maps SDK failures to the SPI's exceptions; every wait gets the rest of the budget as its time-out.
 * So an operation ends within its limit plus at most one API call time-out, whatever the network does.
 */
final class CallBudget {

    /** The most polls one wait makes; longer waits poll less often than {@code pollInterval}. */
    static final int MAX_POLLS = 500;

    private final Clock clock;
    private final String machine;
    private final Duration limit;
    private final Instant deadline;
    private final Duration callTimeout;
    private final Duration pollInterval;
    private final Redactor redactor;

    private CallBudget(Clock clock, String machine, Duration limit, Duration callTimeout, Duration pollInterval,
                       Redactor redactor) {
        this.clock = clock;
        this.machine = machine;
        this.limit = limit;
        this.deadline = clock.instant().plus(limit);
        this.callTimeout = callTimeout;
        this.pollInterval = pollInterval;
        this.redactor = redactor;
    }

    /**
     * Starts a budget now.
     *
     * @param machine the machine in human form, for messages
     * @param limit the whole operation's time limit
     * @param callTimeout the time-out of one API call
     * @param pollInterval how often waits poll
     * @param redactor removes the configured secrets from the endpoint's text
     */
    static CallBudget start(Clock clock, String machine, Duration limit, Duration callTimeout, Duration pollInterval,
                            Redactor redactor) {
        return new CallBudget(clock, machine, limit, callTimeout, pollInterval, redactor);
    }

    /** Text of the endpoint's (an exception's message) without the configured secrets, for a log line. */
    String redact(String text) {
        return redactor.redact(text);
    }

    /** The machine this budget is spent on, in human form. */
    String machine() {
        return machine;
    }

    /** The time left; negative when spent. */
    Duration remaining() {
        return Duration.between(clock.instant(), deadline);
    }

    /** Now, on the injected clock. */
    Instant now() {
        return clock.instant();
    }

    /**
     * Runs one API call with a time-out of at most what is left.
     *
     * @param apiCall the call's name, such as {@code ec2:StopInstances}
     * @param call the call, given the request override to set on its request
     * @throws RetryableProviderException when the budget is spent, or the call failed in a way that may pass
     * @throws dev.selfheal.spi.PermanentProviderException when the call failed for good
     */
    <T> T call(String apiCall, Function<AwsRequestOverrideConfiguration, T> call) {
        AwsRequestOverrideConfiguration override = override(apiCall);
        try {
            return call.apply(override);
        } catch (SdkException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof ActionNotPermittedException refused) {
                    throw new ActionNotPermittedException(machine, apiCall, refused.reason());
                }
            }
            throw AwsErrors.map(machine, apiCall, e, redactor);
        } catch (ActionNotPermittedException e) {
            throw new ActionNotPermittedException(machine, apiCall, e.reason());
        }
    }

    /**
     * The configuration of a wait: poll every {@code pollInterval} until the budget is spent, keeping one call
     * time-out for reading the result back afterwards.
     *
     * @param apiCall the polled call, named when the budget is already spent
     */
    WaiterOverrideConfiguration waiter(String apiCall) {
        nextCallTimeout(apiCall);
        Duration left = remaining().minus(callTimeout);
        Duration timeout = left.compareTo(pollInterval) > 0 ? left : pollInterval;
        // the SDK's waiter recurses once per poll: keep the number of polls bounded on long waits
        Duration longWaitInterval = timeout.dividedBy(MAX_POLLS);
        Duration interval = longWaitInterval.compareTo(pollInterval) > 0 ? longWaitInterval : pollInterval;
        return WaiterOverrideConfiguration.builder()
                .maxAttempts(MAX_POLLS + 1)
                .waitTimeout(timeout)
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(interval))
                .build();
    }

    /** A request override whose call time-out is at most what is left (for requests a waiter polls with). */
    AwsRequestOverrideConfiguration override(String apiCall) {
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(nextCallTimeout(apiCall)).build();
    }

    /** A retryable failure saying the budget ran out while {@code what} was not reached. */
    RetryableProviderException exhausted(String apiCall, String what) {
        return new RetryableProviderException(machine, apiCall, what + " within the time limit of " + limit);
    }

    private Duration nextCallTimeout(String apiCall) {
        Duration left = remaining();
        if (left.isNegative() || left.isZero()) {
            throw exhausted(apiCall, "the operation did not complete");
        }
        return left.compareTo(callTimeout) < 0 ? left : callTimeout;
    }
}
