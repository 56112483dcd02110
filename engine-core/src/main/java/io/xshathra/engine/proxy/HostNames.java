package io.xshathra.engine.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Checks that a certificate names a host (RFC 6125 as browsers apply it): a DNS name among its
 * subject alternative names, with a wildcard allowed as the whole leftmost label only, or an IP
 * address among its IP entries. The subject's common name is not consulted, as in Go.
 */
final class HostNames {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNames() {
    }

    static void verify(String host, X509Certificate cert) throws CertificateException {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable subject alternative names", e);
        }
        boolean ip = isIpLiteral(host);
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                String value = String.valueOf(san.get(1));
                if (ip ? type == SAN_IP && sameAddress(host, value) : type == SAN_DNS && dnsMatches(host, value)) {
                    return;
                }
            }
        }
        throw new CertificateException("the backend's certificate does not name " + host);
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are literals: no name lookup happens.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean dnsMatches(String host, String pattern) {
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        if (!p.startsWith("*.")) {
            return h.equals(p);
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot + 1).equals(p.substring(2)) && p.indexOf('*', 1) < 0;
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
