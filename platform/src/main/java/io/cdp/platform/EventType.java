package io.cdp.platform;

/** The Segment Spec calls. */
public enum EventType {
    IDENTIFY, TRACK, PAGE, SCREEN, GROUP, ALIAS
}
