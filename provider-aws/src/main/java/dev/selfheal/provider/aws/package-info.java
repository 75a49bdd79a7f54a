/**
 * The AWS infrastructure provider of Selfheal: EC2 instances under Kubernetes nodes, acted on with the AWS
 * SDK for Java v2 (EC2, Auto Scaling, and STS when a role is assumed). Found through
 * {@link java.util.ServiceLoader} as type {@code "aws"} via {@link dev.selfheal.provider.aws.AwsProviderFactory};
 * configured through {@link dev.selfheal.provider.aws.AwsProviderConfig}. Everything else in this package is
 * package-private.
 */
package dev.selfheal.provider.aws;
