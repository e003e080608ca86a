package io.cjm.identity.service;

import io.cjm.identity.domain.IdentifierNormalizer;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the plain-Java normalizer injectable, configured with the default phone region. */
public class NormalizerProducer {

    @Produces
    @Singleton
    IdentifierNormalizer normalizer(@ConfigProperty(name = "cjm.identity.default-region") String region) {
        return new IdentifierNormalizer(region);
    }
}
