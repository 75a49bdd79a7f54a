package dev.selfheal.spi;

/**
 * The power state of a machine as the infrastructure reports it.
 *
 * <p>{@link #UNKNOWN} means the infrastructure did not answer or gave no usable state. It is never to
 * be read as {@link #OFF}: only a confirmed {@code OFF} counts as fenced.
 */
public enum PowerState {
    /** Running. */
    ON,
    /** Confirmed powered off (stopped, poweredOff). */
    OFF,
    /** Between OFF and ON. */
    POWERING_ON,
    /** Between ON and OFF (stopping, shutting down). */
    POWERING_OFF,
    /**
     * The machine no longer exists (terminated, destroyed): the strongest fence there is. A provider reports it only on
     * proof, never because a lookup came back empty for a reason it cannot rule out (rejected credentials, a wrong
     * datacenter or region, missing permissions): the infrastructure itself says so (EC2 {@code terminated}), or an
     * authenticated search of the scope where the machine was recorded to live found nothing. An error is never GONE.
     */
    GONE,
    /** No usable answer: not to be confused with OFF. */
    UNKNOWN;

    /** Whether this state proves the machine cannot run workloads: {@link #OFF} or {@link #GONE}. */
    public boolean isFenced() {
        return this == OFF || this == GONE;
    }
}
