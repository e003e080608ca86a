package io.cjm.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * Decides, the way a CNI enforcing NetworkPolicies would, whether one endpoint may open a connection to
 * another. Policies are those of the release's namespace. Enough of the model for this chart: label
 * selectors with matchLabels, namespace selectors on kubernetes.io/metadata.name, IPv4 ipBlocks,
 * numeric ports.
 */
final class Traffic {

    /** A pod (namespace and labels) or an address outside the cluster (ip only). */
    record Endpoint(String namespace, Map<String, String> labels, String ip) {

        static Endpoint pod(String namespace, Map<String, String> labels) {
            return new Endpoint(namespace, labels, "10.0.0.1");
        }

        static Endpoint outside(String ip) {
            return new Endpoint(null, Map.of(), ip);
        }
    }

    private final List<NetworkPolicy> policies;
    private final String namespace;

    Traffic(List<NetworkPolicy> policies, String namespace) {
        this.policies = policies;
        this.namespace = namespace;
    }

    /** Whether {@code from} may connect to {@code to} on {@code port}/{@code protocol}. */
    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol);
    }

    boolean ingressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        if (!namespace.equals(to.namespace())) {
            return true; // not governed by the release's policies
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> has(p, "Ingress") && selects(p.getSpec().getPodSelector(), to.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream()
                .flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> anyPeer(rule.getFrom(), from) && anyPort(rule.getPorts(), port, protocol));
    }

    boolean egressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        if (!namespace.equals(from.namespace())) {
            return true;
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> has(p, "Egress") && selects(p.getSpec().getPodSelector(), from.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream()
                .flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(rule -> anyPeer(rule.getTo(), to) && anyPort(rule.getPorts(), port, protocol));
    }

    private static boolean has(NetworkPolicy policy, String type) {
        return policy.getSpec().getPolicyTypes().contains(type);
    }

    private boolean anyPeer(List<NetworkPolicyPeer> peers, Endpoint endpoint) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> matches(peer, endpoint));
    }

    private boolean matches(NetworkPolicyPeer peer, Endpoint endpoint) {
        if (peer.getIpBlock() != null) {
            return endpoint.namespace() == null && inBlock(peer.getIpBlock(), endpoint.ip());
        }
        if (endpoint.namespace() == null) {
            return false; // selectors only ever match pods
        }
        boolean namespaceMatches = peer.getNamespaceSelector() == null
                ? namespace.equals(endpoint.namespace())
                : selects(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", endpoint.namespace()));
        boolean podMatches = peer.getPodSelector() == null || selects(peer.getPodSelector(), endpoint.labels());
        return namespaceMatches && podMatches;
    }

    private static boolean anyPort(List<NetworkPolicyPort> ports, int port, String protocol) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> {
            String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
            IntOrString value = p.getPort();
            if (value == null) {
                return proto.equals(protocol);
            }
            if (value.getIntVal() == null) {
                throw new IllegalArgumentException("named ports are not modelled here: " + value.getStrVal());
            }
            int end = p.getEndPort() == null ? value.getIntVal() : p.getEndPort();
            return proto.equals(protocol) && port >= value.getIntVal() && port <= end;
        });
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new IllegalArgumentException("matchExpressions are not modelled here: " + selector);
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean inBlock(IPBlock block, String ip) {
        if (!inCidr(block.getCidr(), ip)) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(cidr -> inCidr(cidr, ip));
    }

    private static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(parts[0]) & mask) == (ipv4(ip) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
