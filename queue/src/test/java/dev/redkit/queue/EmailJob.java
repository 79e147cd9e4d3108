package dev.redkit.queue;

/** The job type of the tests. */
public record EmailJob(String to, int n) {}
