package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.RetryableProviderException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class AwsErrorsTest {

    private static final String M = "aws:i-0123456789abcdef0 (node worker-1)";

    private static SdkException ec2(int status, String code) {
        return Ec2Exception.builder().statusCode(status).requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("details of " + code).build())
                .build();
    }

    private static ProviderException map(SdkException e) {
        return AwsErrors.map(M, "ec2:StopInstances", e);
    }

    @Test
    void throttlingAndServerErrorsAreRetryable() {
        assertThat(map(ec2(503, "RequestLimitExceeded"))).isInstanceOf(RetryableProviderException.class)
                .hasMessageContaining("throttled").hasMessageContaining("RequestLimitExceeded");
        assertThat(map(ec2(400, "Throttling"))).isInstanceOf(RetryableProviderException.class);
        assertThat(map(ec2(500, "InternalError"))).isInstanceOf(RetryableProviderException.class);
        assertThat(map(ec2(503, "Unavailable"))).isInstanceOf(RetryableProviderException.class);
        assertThat(map(ec2(400, "IncorrectInstanceState"))).isInstanceOf(RetryableProviderException.class);
        assertThat(map(AutoScalingException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ScalingActivityInProgress").build()).build())).isInstanceOf(RetryableProviderException.class);
    }

    @Test
    void accessDeniedAndNotFoundArePermanentAndNameTheMachineAndTheCall() {
        ProviderException denied = map(ec2(403, "UnauthorizedOperation"));
        assertThat(denied).isInstanceOf(PermanentProviderException.class)
                .hasMessageStartingWith("ec2:StopInstances on " + M + " failed: access denied: UnauthorizedOperation")
                .hasMessageContaining("IAM policy").hasMessageContaining("req-1");
        assertThat(denied.isRetryable()).isFalse();
        assertThat(denied.operation()).isEqualTo("ec2:StopInstances");
        assertThat(denied.machine()).isEqualTo(M);

        ProviderException missing = map(ec2(400, "InvalidInstanceID.NotFound"));
        assertThat(missing).isInstanceOf(MachineNotFoundException.class).hasMessageContaining("does not know the instance");
        assertThat(missing.isRetryable()).isFalse();

        assertThat(map(ec2(400, "InvalidParameterValue"))).isInstanceOf(PermanentProviderException.class)
                .isNotInstanceOf(MachineNotFoundException.class).hasMessageContaining("details of InvalidParameterValue");
    }

    @Test
    void timeoutsAndConnectionFailuresAreRetryable() {
        assertThat(map(ApiCallTimeoutException.create(2500))).isInstanceOf(RetryableProviderException.class)
                .hasMessageContaining("timed out");
        ProviderException reset = map(SdkClientException.create("Unable to execute HTTP request",
                new IOException("Connection reset")));
        assertThat(reset).isInstanceOf(RetryableProviderException.class).hasMessageContaining("no answer from AWS (IOException)");
    }

    @Test
    void missingCredentialsArePermanent() {
        assertThat(map(SdkClientException.create("Unable to load credentials from any of the providers in the chain")))
                .isInstanceOf(PermanentProviderException.class).hasMessageContaining("no usable AWS credentials");
    }

    @Test
    void waiterWrappedFailuresAreJudgedByTheirCause() {
        SdkException wrapped = SdkClientException.create("An exception was thrown and did not match any waiter acceptors",
                ec2(403, "UnauthorizedOperation"));
        assertThat(map(wrapped)).isInstanceOf(PermanentProviderException.class).hasMessageContaining("access denied");
        assertThat(AwsErrors.isTransient(ec2(503, "Unavailable"))).isTrue();
        assertThat(AwsErrors.isTransient(ec2(400, "InvalidInstanceID.NotFound"))).isFalse();
        assertThat(AwsErrors.isTransient(ec2(403, "AuthFailure"))).isFalse();
        assertThat(AwsErrors.isTransient(new IllegalStateException("not an SDK failure"))).isFalse();
    }

    /** Answers without an error code: a proxy, a load balancer or a fake endpoint in front of AWS. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"401, Permanent", "403, Permanent", "400, Permanent", "404, Permanent",
            "500, Retryable", "502, Retryable", "503, Retryable", "429, Retryable"})
    void anAnswerWithoutErrorCodeIsMappedByItsStatusNeverANullPointer(int status, String kind) {
        for (AwsErrorDetails details : new AwsErrorDetails[] {null, AwsErrorDetails.builder().build(),
                AwsErrorDetails.builder().errorMessage("").build()}) {
            SdkException e = Ec2Exception.builder().statusCode(status).awsErrorDetails(details).build();
            ProviderException p = map(e);
            assertThat(p.getClass().getSimpleName()).startsWith(kind);
            assertThat(p).isNotInstanceOf(MachineNotFoundException.class)
                    .hasMessageContaining("ec2:StopInstances").hasMessageContaining(M).hasMessageContaining("HTTP " + status);
            assertThat(AwsErrors.isTransient(e)).isEqualTo(kind.equals("Retryable"));
        }
    }

    @Test
    void theEndpointsTextAndTheAttachedCauseShowNoConfiguredSecret() {
        String secret = "wJalrXUtnFEMI/K7MDENG/canary";
        SdkException e = Ec2Exception.builder().statusCode(400).message("echo: " + secret)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterValue")
                        .errorMessage("you sent " + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8))
                        .build()).build();
        ProviderException p = AwsErrors.map(M, "ec2:StopInstances", e,
                dev.selfheal.spi.Redactor.of(dev.selfheal.spi.Secret.of(secret)));
        java.io.StringWriter trace = new java.io.StringWriter();
        p.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).contains("InvalidParameterValue").doesNotContain("canary");
    }
}
