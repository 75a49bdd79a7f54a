package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.InvalidMachineReferenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AwsProviderIdTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "aws:///us-east-1a/i-0123456789abcdef0, us-east-1a, i-0123456789abcdef0",
        "aws:////i-0123456789abcdef0,           -,          i-0123456789abcdef0",
        "aws:///i-0123456789abcdef0,            -,          i-0123456789abcdef0",
        "aws://eu-west-2b/i-12345678,           eu-west-2b, i-12345678",
        "AWS:///us-west-2-lax-1a/i-12345678,    us-west-2-lax-1a, i-12345678",
        "/ap-southeast-2c/i-12345678,           ap-southeast-2c, i-12345678",
        "i-0123456789abcdef0,                   -,          i-0123456789abcdef0",
    })
    void acceptsTheFormsKubernetesAccepts(String value, String zone, String id) {
        AwsProviderId parsed = AwsProviderId.parse("n1", value);
        assertThat(parsed.zone()).isEqualTo(zone);
        assertThat(parsed.instanceId()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:///us-east-1a/vol-0123456789abcdef0", "aws:///us-east-1a/fargate-ip-10-0-0-1",
        "aws:///us-east-1a/i-XYZ", "aws:///us-east-1a/extra/i-12345678", "aws:///nozone/i-12345678", "aws:///", "aws://",
        "gce://project/zone/vm", "i-", ""})
    void rejectsMalformedValuesNamingTheNodeAndTheValue(String value) {
        assertThatThrownBy(() -> AwsProviderId.parse("worker-7", value))
                .isInstanceOf(InvalidMachineReferenceException.class)
                .hasMessageContaining("node worker-7")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("aws:///<availability-zone>/<instance-id>");
    }

    @Test
    void regionComesFromTheZone() {
        assertThat(AwsProviderId.parse("n", "aws:///us-east-1a/i-12345678").region()).contains("us-east-1");
        assertThat(AwsProviderId.parse("n", "aws:///us-gov-west-1b/i-12345678").region()).contains("us-gov-west-1");
        assertThat(AwsProviderId.parse("n", "aws:///us-east-1-wl1-bos-wlz-1/i-12345678").region()).contains("us-east-1");
        assertThat(AwsProviderId.parse("n", "aws:///i-12345678").region()).isEmpty();
    }

    @Test
    void regionAndZoneNames() {
        assertThat(AwsRegions.isRegion("eu-central-2")).isTrue();
        assertThat(AwsRegions.isRegion("us-east-1a")).isFalse();
        assertThat(AwsRegions.isRegion("useast1")).isFalse();
        assertThat(AwsRegions.regionOfZone("cn-north-1a")).contains("cn-north-1");
        assertThat(AwsRegions.regionOfZone("us-east-1")).isEmpty();
        assertThat(AwsRegions.regionOfZone(null)).isEmpty();
    }

    @Test
    void tellsAwsValuesFromForeignOnes() {
        assertThat(AwsProviderId.isAws("aws:///us-east-1a/i-12345678")).isTrue();
        assertThat(AwsProviderId.isAws("i-12345678")).isTrue();
        assertThat(AwsProviderId.isAws("vsphere://4201-abcd")).isFalse();
        assertThat(AwsProviderId.isAws("kwok://node-1")).isFalse();
    }
}
