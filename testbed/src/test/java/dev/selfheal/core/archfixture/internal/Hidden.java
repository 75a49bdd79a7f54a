package dev.selfheal.core.archfixture.internal;

/** Fixture: an internal class of dev.selfheal.core.archfixture. */
public class Hidden {
}
