package dev.selfheal.testbed.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/** A real moto server answers the AWS SDK for Java v2: RunInstances, DescribeInstances, StopInstances, reset. */
@ExtendWith(MotoExtension.class)
class MotoSmokeIT {

    @BeforeEach
    void clean(MotoServer moto) {
        moto.reset();
    }

    static Ec2Client ec2(MotoServer moto) {
        return Ec2Client.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(moto.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
                .build();
    }

    @Test
    void runInstancesThenDescribeInstancesSeesThem(MotoServer moto) {
        try (Ec2Client ec2 = ec2(moto)) {
            assertThat(ec2.describeInstances().reservations()).as("fresh moto has no instances").isEmpty();

            DescribeImagesResponse images = ec2.describeImages(r -> r.owners("amazon"));
            assertThat(images.images()).isNotEmpty();
            String ami = images.images().get(0).imageId();

            RunInstancesResponse run = ec2.runInstances(r -> r.imageId(ami).instanceType(InstanceType.T3_MICRO)
                    .minCount(2).maxCount(2));
            List<String> started = run.instances().stream().map(Instance::instanceId).toList();
            assertThat(started).hasSize(2).allMatch(id -> id.startsWith("i-"));

            List<Instance> seen = ec2.describeInstances().reservations().stream()
                    .map(Reservation::instances).flatMap(List::stream).toList();
            assertThat(seen).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(started);
            assertThat(seen).allSatisfy(i -> {
                assertThat(i.state().name()).isEqualTo(InstanceStateName.RUNNING);
                assertThat(i.imageId()).isEqualTo(ami);
            });

            ec2.stopInstances(r -> r.instanceIds(started.get(0)));
            Instance stopped = ec2.describeInstances(r -> r.instanceIds(started.get(0)))
                    .reservations().get(0).instances().get(0);
            assertThat(stopped.state().name()).isEqualTo(InstanceStateName.STOPPED);

            moto.reset();
            assertThat(ec2.describeInstances().reservations()).as("reset clears EC2 state").isEmpty();
        }
    }
}
