package com.suresoft.ams.operator.release;

/**
 * The outcome of one metric check of the candidate, run by the caller when {@link
 * ReleasePlanner#analysisDue} said so. {@code message} says what was measured, for the status.
 */
public record AnalysisResult(boolean passed, String message) {}
