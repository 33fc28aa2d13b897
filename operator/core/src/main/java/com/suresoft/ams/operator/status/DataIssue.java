package com.suresoft.ams.operator.status;

/**
 * Something outside the operator's objects that keeps the data tier from working: a missing user
 * Secret, CloudNativePG not installed, a volume that could not grow. Becomes the {@code DataReady}
 * condition (and the Ready condition's reason) and a Warning Event. Never carries a secret value.
 * {@code reason} is one of the data tier's {@link Reasons}.
 */
public record DataIssue(String reason, String message) {}
