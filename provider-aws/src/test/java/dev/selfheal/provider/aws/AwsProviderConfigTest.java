package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwsProviderConfigTest {

    private static ProviderConfig.Builder aws() {
        return ProviderConfig.builder("aws");
    }

    @Test
    void defaultsNeedNoSettingAtAll() {
        AwsProviderConfig c = AwsProviderConfig.from(aws().build());
        assertThat(c.defaultRegion()).isEmpty();
        assertThat(c.endpointOverride()).isEmpty();
        assertThat(c.credentials().source()).isEqualTo(AwsCredentialsConfig.Source.DEFAULT);
        assertThat(c.credentials().assumesRole()).isFalse();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.apiCallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxAttempts()).isEqualTo(3);
        assertThat(c.operationTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.replaceTimeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.markUnhealthyBeforeReplace()).isFalse();
        assertThat(c.rejectForeignProviderIds()).isFalse();
    }

    @Test
    void readsEverySetting() {
        AwsProviderConfig c = AwsProviderConfig.from(aws().set("region", "EU-West-1").set("endpoint", "http://127.0.0.1:5000")
                .set("credentials", "profile").set("profile", "ops").set("roleArn", "arn:aws:iam::123456789012:role/heal")
                .set("roleSessionName", "healer-1").set("stsEndpoint", "https://sts.eu-west-1.amazonaws.com")
                .set("maxAttempts", "5").set("operationTimeout", "2m").set("pollInterval", "250ms")
                .set("markUnhealthyBeforeReplace", "true").set("rejectForeignProviderIds", "true").build());
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(c.credentials().profile()).isEqualTo("ops");
        assertThat(c.credentials().roleArn()).isEqualTo("arn:aws:iam::123456789012:role/heal");
        assertThat(c.credentials().roleSessionName()).isEqualTo("healer-1");
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.operationTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.markUnhealthyBeforeReplace()).isTrue();
        assertThat(c.rejectForeignProviderIds()).isTrue();
    }

    @Test
    void badValuesNameTheFieldAndWhatIsAllowed() {
        expect(aws().set("region", "Atlantis"), "region", "'atlantis' is not an AWS region name");
        expect(aws().set("endpoint", "ftp://x"), "endpoint", "allowed schemes: https, http");
        expect(aws().set("endpoint", "localhost:5000"), "endpoint", "");
        expect(aws().set("credentials", "magic"), "credentials", "allowed values: [default, profile, static]");
        expect(aws().set("credentials", "profile"), "profile", "is required when credentials=profile");
        expect(aws().set("profile", "ops"), "profile", "only used with credentials=profile");
        expect(aws().set("credentials", "static").secret("accessKeyId", "AKIA"), "secretAccessKey", "is required");
        expect(aws().secret("accessKeyId", "AKIA"), "accessKeyId", "only used with credentials=static");
        expect(aws().set("roleArn", "arn:aws:iam::123:user/bob"), "roleArn", "is not an IAM role ARN");
        expect(aws().set("roleSessionName", "x"), "roleSessionName", "");
        expect(aws().set("stsEndpoint", "https://sts.example"), "stsEndpoint", "only used together with roleArn");
        expect(aws().set("maxAttempts", "0"), "maxAttempts", "allowed range: 1 to 10");
        expect(aws().set("apiCallTimeout", "1s").set("apiCallAttemptTimeout", "2s"), "apiCallTimeout",
                "shorter than apiCallAttemptTimeout");
        expect(aws().set("pollInterval", "30s").set("operationTimeout", "10s"), "pollInterval",
                "less than operationTimeout");
        expect(aws().set("operationTimeout", "soon"), "operationTimeout", "is not a duration");
        expect(aws().set("markUnhealthyBeforeReplace", "yes"), "markUnhealthyBeforeReplace", "true, false");
        expect(aws().set("regoin", "us-east-1"), "regoin", "allowed keys: [apiCallAttemptTimeout");
        expect(aws().set("secretAccessKey", "plain"), "secretAccessKey", "must be given as a secret");
    }

    @Test
    void secretsNeverPrint() {
        AwsProviderConfig c = AwsProviderConfig.from(aws().set("credentials", "static")
                .secret("accessKeyId", "AKIAEXAMPLEKEYID").secret("secretAccessKey", "wJalrXUtnFEMI-secret")
                .secret("sessionToken", "token-value").set("roleArn", "arn:aws:iam::123456789012:role/heal")
                .secret("externalId", "external-value").build());
        assertThat(c.toString()).doesNotContain("AKIAEXAMPLEKEYID", "wJalrXUtnFEMI-secret", "token-value", "external-value")
                .contains("STATIC", "arn:aws:iam::123456789012:role/heal");
        assertThat(c.credentials().secretAccessKey().reveal()).isEqualTo("wJalrXUtnFEMI-secret");
    }

    @Test
    void endpointsWithUserInformationAreRefusedWithoutShowingIt() {
        expect(aws().set("endpoint", "https://AKIA:wJalr-canary@ec2.local:4566"), "endpoint", "user information");
        expect(aws().set("roleArn", "arn:aws:iam::123456789012:role/heal")
                .set("stsEndpoint", "https://u:wJalr-canary@sts.local"), "stsEndpoint", "user information");
        assertThatThrownBy(() -> AwsProviderConfig.from(aws().set("endpoint", "http://x:wJalr-canary@h").build()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wJalr"));
    }

    private static void expect(ProviderConfig.Builder b, String field, String message) {
        assertThatThrownBy(() -> AwsProviderConfig.from(b.build()))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining("provider 'aws', field '" + field + "'")
                .hasMessageContaining(message);
    }
}
