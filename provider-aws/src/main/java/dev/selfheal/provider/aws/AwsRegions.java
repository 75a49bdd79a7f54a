package dev.selfheal.provider.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Region and availability-zone names: {@code us-east-1} is a region, {@code us-east-1a} a zone in it, and
 * {@code us-west-2-lax-1a} (Local Zone) or {@code us-east-1-wl1-bos-wlz-1} (Wavelength) zones of their
 * parent region.
 */
final class AwsRegions {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d{1,2}");
    private static final Pattern ZONE = Pattern.compile("(" + REGION.pattern() + ")(?:[a-z]|-[a-z0-9-]+)");

    private AwsRegions() {
    }

    /** Whether {@code name} looks like a region name. */
    static boolean isRegion(String name) {
        return name != null && REGION.matcher(name).matches();
    }

    /** The region of an availability zone, or empty when {@code zone} is not a zone name. */
    static Optional<String> regionOfZone(String zone) {
        if (zone == null) {
            return Optional.empty();
        }
        Matcher m = ZONE.matcher(zone);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
