package dev.selfheal.provider.aws;

import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * The SDK clients of one region. Thread-safe (SDK clients are); closed by {@link AwsClients}.
 *
 * @param region the region
 * @param ec2 the EC2 client
 * @param autoScaling the Auto Scaling client
 * @param ec2Waiter the EC2 waiter, polling with {@code ec2}
 */
record RegionClients(String region, Ec2Client ec2, AutoScalingClient autoScaling, Ec2Waiter ec2Waiter) {

    /** Closes the waiter and the clients (not the shared HTTP client or credentials). */
    void close() {
        ec2Waiter.close();
        autoScaling.close();
        ec2.close();
    }
}
