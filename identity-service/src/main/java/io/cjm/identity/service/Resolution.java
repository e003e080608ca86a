package io.cjm.identity.service;

import io.cjm.identity.domain.IdentifierNormalizer.Issue;
import java.util.List;

/** The profile a touchpoint belongs to, the profiles merged into it on the way, and what did not link. */
public record Resolution(String profileId, List<String> mergedProfileIds, List<Issue> issues) {
}
