package io.cdp.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.cdp.platform.Topics;

/**
 * What {@link Topics#PROFILE_CHANGES} carries. The JSON names its kind in {@code "type"}, so a
 * consumer reads every record as a {@code ProfileEvent} and switches on the record class.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(ProfileChanged.class), @JsonSubTypes.Type(ProfileMerged.class),
        @JsonSubTypes.Type(ProfileErased.class)})
public sealed interface ProfileEvent permits ProfileChanged, ProfileMerged, ProfileErased {
}
