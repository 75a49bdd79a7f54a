package dev.selfheal.provider.otherfixture;

/** Fixture: a second provider. */
public class OtherProvider {
}
