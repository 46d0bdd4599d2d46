package io.sluice.relay.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a refused admin request: one sentence saying what is wrong and what to do. */
@Schema(description = "Why an admin request was refused, and what to do")
public record AdminProblem(String problem) {
}
