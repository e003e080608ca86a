package io.cjm.gateway.rest.model;

/** The answer to a split: the profile the identifier was cut from, and the profile that now holds it. */
public record SplitResultBody(ProfileBody profile, ProfileBody splitProfile) {
}
