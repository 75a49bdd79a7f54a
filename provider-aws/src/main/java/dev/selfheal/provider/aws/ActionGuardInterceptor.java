package dev.selfheal.provider.aws;

import dev.selfheal.spi.ActionGuard;
import java.util.Locale;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Asks the {@link ActionGuard} before every attempt of a mutating EC2 or Auto Scaling request (the SDK calls
 * {@code beforeTransmission} once per attempt, its own retries included), so a healer that lost its leadership
 * while a call was in flight sends nothing more. Read-only calls ({@code Describe*}, {@code Get*},
 * {@code List*}) pass unasked.
 */
final class ActionGuardInterceptor implements ExecutionInterceptor {

    private final ActionGuard guard;

    ActionGuardInterceptor(ActionGuard guard) {
        this.guard = guard;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (operation == null || isReadOnly(operation)) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        guard.check(null, (service == null ? "aws" : service.toLowerCase(Locale.ROOT)) + ":" + operation);
    }

    static boolean isReadOnly(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("Get") || operation.startsWith("List");
    }
}
