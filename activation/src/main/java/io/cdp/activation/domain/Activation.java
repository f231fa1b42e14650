package io.cdp.activation.domain;

import java.time.Duration;

import io.cdp.platform.InvalidValueException;

/**
 * What to do when profiles enter (and optionally exit) a segment, through one destination.
 *
 * @param delay          wait after the membership change before sending (stored, survives restarts)
 * @param sendWindow     local hours in which sends happen; null: any time outside global quiet hours
 * @param holdoutPercent share of entrants deterministically kept out of sending, to measure lift
 */
public record Activation(String id, String name, String segmentId, String destinationId, ActivationMode mode,
        boolean onEntry, boolean onExit, EmailTemplate template, Duration delay, SendWindow sendWindow,
        double holdoutPercent) {

    public Activation {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "required", "an activation needs a name");
        }
        if (segmentId == null || segmentId.isBlank()) {
            throw new InvalidValueException("segmentId", "required", "an activation needs a segment");
        }
        if (destinationId == null || destinationId.isBlank()) {
            throw new InvalidValueException("destinationId", "required", "an activation needs a destination");
        }
        if (mode == null) {
            throw new InvalidValueException("mode", "required", "an activation needs a mode");
        }
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new InvalidValueException("delay", "nonNegative", "the delay cannot be negative");
        }
        if (holdoutPercent < 0 || holdoutPercent > 50) {
            throw new InvalidValueException("holdoutPercent", "range", "the holdout is 0 to 50 percent");
        }
        if (mode == ActivationMode.TRIGGER && !onEntry && !onExit) {
            throw new InvalidValueException("onEntry", "triggerNeedsChange", "a trigger fires on entry, exit or both");
        }
    }

    /** Checks what depends on the destination: the mode it supports and the template emails need. */
    public void checkAgainst(Destination destination) {
        if (!destination.kind().supports(mode)) {
            throw new InvalidValueException("mode", "supportedByDestination",
                    destination.kind() + " destinations do not support " + mode);
        }
        if (destination.kind() == DestinationKind.EMAIL && template == null) {
            throw new InvalidValueException("template", "required", "email activations need a template");
        }
    }

    public Activation withId(String newId) {
        return new Activation(newId, name, segmentId, destinationId, mode, onEntry, onExit, template, delay,
                sendWindow, holdoutPercent);
    }
}
