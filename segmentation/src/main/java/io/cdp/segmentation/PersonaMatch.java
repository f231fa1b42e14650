package io.cdp.segmentation;

/** The persona a profile got: the first matching one in definition order, and why. */
public record PersonaMatch(String personaId, int position, String reason) {
}
