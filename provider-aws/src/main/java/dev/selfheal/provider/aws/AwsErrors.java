package dev.selfheal.provider.aws;

import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.Redactor;
import dev.selfheal.spi.RetryableProviderException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK failures into the SPI's exceptions: throttling, 5xx answers, time-outs and dropped
 * connections are retryable; access denied, validation errors and unknown instances are permanent. Every
 * message names the machine and the API call (as {@code ec2:StopInstances}).
 */
final class AwsErrors {

    private static final Set<String> NOT_FOUND = Set.of("InvalidInstanceID.NotFound");
    private static final Set<String> ACCESS_DENIED = Set.of("UnauthorizedOperation", "AccessDenied",
            "AccessDeniedException", "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "OptInRequired",
            "UnrecognizedClientException", "Blocked", "PendingVerification");
    private static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
            "ThrottledException", "RequestThrottled", "RequestThrottledException", "TooManyRequestsException",
            "SlowDown", "EC2ThrottledException", "PriorRequestNotComplete");
    /** Conditions that go away by themselves: a state in transition, capacity, a running scaling activity. */
    private static final Set<String> TRANSIENT = Set.of("InternalError", "InternalFailure", "ServiceUnavailable",
            "Unavailable", "IncorrectInstanceState", "IncorrectState", "InsufficientInstanceCapacity",
            "ScalingActivityInProgress", "ResourceContention", "ExpiredToken", "RequestExpired", "IDPCommunicationError");
    private static final String WAITER_WRAPPED = "An exception was thrown and did not match any waiter acceptors";

    private AwsErrors() {
    }

    /**
     * Maps an SDK failure.
     *
     * @param machine the machine in human form ({@code MachineRef.describe()})
     * @param operation the API call, such as {@code ec2:StopInstances}
     */
    static ProviderException map(String machine, String operation, SdkException e) {
        return map(machine, operation, e, Redactor.none());
    }

    /**
     * Maps an SDK failure; text of the endpoint's and the exceptions attached pass {@code redactor} first (an
     * endpoint, or whatever answers in its place, may echo what it was sent).
     *
     * @param machine the machine in human form ({@code MachineRef.describe()})
     * @param operation the API call, such as {@code ec2:StopInstances}
     * @param redactor removes the configured secrets
     */
    static ProviderException map(String machine, String operation, SdkException e, Redactor redactor) {
        SdkException cause = unwrap(e);
        Throwable attached = redactor.scrub(cause);
        if (cause instanceof AwsServiceException ase) {
            return mapService(machine, operation, ase, redactor, attached);
        }
        String message = redactor.redact(String.valueOf(cause.getMessage()));
        if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
            return new RetryableProviderException(machine, operation, "timed out: " + message, attached);
        }
        if (message.startsWith("Unable to load credentials") || message.startsWith("Profile file contained no credentials")) {
            return new PermanentProviderException(machine, operation, "no usable AWS credentials: " + message, attached);
        }
        return new RetryableProviderException(machine, operation, "no answer from AWS (" + kind(cause) + "): " + message,
                attached);
    }

    /** Whether a failure is worth another poll while waiting. */
    static boolean isTransient(Throwable t) {
        if (!(t instanceof SdkException e)) {
            return false;
        }
        return map(null, "poll", e).isRetryable() && !(unwrap(e) instanceof AwsServiceException ase && isNotFound(ase));
    }

    /**
     * An answer of the endpoint: by error code when it sent one, else by HTTP status alone (an endpoint, a
     * proxy or a load balancer may answer 401, 403 or 5xx with an empty body or one that is not AWS's).
     */
    private static ProviderException mapService(String machine, String operation, AwsServiceException e,
                                                Redactor redactor, Throwable attached) {
        String code = code(e);
        String text = redactor.redact(describe(e, code, e.awsErrorDetails()));
        if (isNotFound(e)) {
            return new MachineNotFoundException(machine, operation, "AWS does not know the instance: " + text, attached);
        }
        if (ACCESS_DENIED.contains(code) || e.statusCode() == 401 || e.statusCode() == 403) {
            return new PermanentProviderException(machine, operation, "access denied: " + text
                    + "; grant the permission listed in the aws provider's README (IAM policy)", attached);
        }
        if (!code.isEmpty() && e.isThrottlingException() || THROTTLING.contains(code) || e.statusCode() == 429) {
            return new RetryableProviderException(machine, operation, "throttled: " + text, attached);
        }
        if (e.statusCode() >= 500 || TRANSIENT.contains(code)) {
            return new RetryableProviderException(machine, operation, text, attached);
        }
        return new PermanentProviderException(machine, operation, text, attached);
    }

    /** The error code, or an empty text when the answer carried none. */
    private static String code(AwsServiceException e) {
        AwsErrorDetails d = e.awsErrorDetails();
        return d == null || d.errorCode() == null ? "" : d.errorCode();
    }

    private static boolean isNotFound(AwsServiceException e) {
        return NOT_FOUND.contains(code(e));
    }

    private static String describe(AwsServiceException e, String code, AwsErrorDetails d) {
        String message = d == null || d.errorMessage() == null ? e.getMessage() : d.errorMessage();
        if (message == null || message.isBlank()) {
            message = "no error message in the answer";
        }
        StringBuilder b = new StringBuilder();
        b.append(code.isEmpty() ? "error" : code).append(" (HTTP ").append(e.statusCode()).append("): ").append(message);
        if (e.requestId() != null) {
            b.append(" [request id ").append(e.requestId()).append(']');
        }
        return b.toString();
    }

    private static SdkException unwrap(SdkException e) {
        SdkException current = e;
        while (current instanceof SdkClientException && current.getCause() instanceof SdkException inner
                && String.valueOf(current.getMessage()).startsWith(WAITER_WRAPPED)) {
            current = inner;
        }
        return current;
    }

    private static String kind(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
