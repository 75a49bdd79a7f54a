package dev.selfheal.provider.aws;

import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
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
        SdkException cause = unwrap(e);
        if (cause instanceof AwsServiceException ase) {
            return mapService(machine, operation, ase);
        }
        if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
            return new RetryableProviderException(machine, operation, "timed out: " + cause.getMessage(), cause);
        }
        String message = String.valueOf(cause.getMessage());
        if (message.startsWith("Unable to load credentials") || message.startsWith("Profile file contained no credentials")) {
            return new PermanentProviderException(machine, operation, "no usable AWS credentials: " + message, cause);
        }
        return new RetryableProviderException(machine, operation, "no answer from AWS (" + kind(cause) + "): " + message,
                cause);
    }

    /** Whether a failure is worth another poll while waiting. */
    static boolean isTransient(Throwable t) {
        if (!(t instanceof SdkException e)) {
            return false;
        }
        return map(null, "poll", e).isRetryable() && !(unwrap(e) instanceof AwsServiceException ase && isNotFound(ase));
    }

    private static ProviderException mapService(String machine, String operation, AwsServiceException e) {
        AwsErrorDetails d = e.awsErrorDetails();
        String code = d == null || d.errorCode() == null ? "" : d.errorCode();
        String text = describe(e, code, d);
        if (isNotFound(e)) {
            return new MachineNotFoundException(machine, operation, "AWS does not know the instance: " + text, e);
        }
        if (ACCESS_DENIED.contains(code) || e.statusCode() == 401 || e.statusCode() == 403) {
            return new PermanentProviderException(machine, operation, "access denied: " + text
                    + "; grant the permission listed in the aws provider's README (IAM policy)", e);
        }
        if (e.isThrottlingException() || THROTTLING.contains(code) || e.statusCode() == 429) {
            return new RetryableProviderException(machine, operation, "throttled: " + text, e);
        }
        if (e.statusCode() >= 500 || TRANSIENT.contains(code)) {
            return new RetryableProviderException(machine, operation, text, e);
        }
        return new PermanentProviderException(machine, operation, text, e);
    }

    private static boolean isNotFound(AwsServiceException e) {
        AwsErrorDetails d = e.awsErrorDetails();
        return d != null && NOT_FOUND.contains(d.errorCode());
    }

    private static String describe(AwsServiceException e, String code, AwsErrorDetails d) {
        String message = d == null || d.errorMessage() == null ? e.getMessage() : d.errorMessage();
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
