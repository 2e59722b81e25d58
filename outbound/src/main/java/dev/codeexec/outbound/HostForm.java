package dev.codeexec.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the host part of a URL strictly. IP literals must be canonical: dotted-quad decimal IPv4
 * without leading zeros, or bracketed IPv6 without a zone. Ambiguous numeric forms (decimal
 * {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, short {@code 127.1}) are
 * refused, since resolvers disagree on what they mean.
 */
final class HostForm {

    private static final Pattern OCTET = Pattern.compile("25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*\\.?");

    private HostForm() {
    }

    /** The IP address the host literally is, or empty for a DNS name; refuses bad and ambiguous hosts. */
    static Optional<InetAddress> literal(String rawHost) throws OutboundException {
        if (rawHost == null || rawHost.isEmpty()) {
            throw new OutboundException(OutboundException.Reason.HOST, "the URL has no host");
        }
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.contains("%")) {
                throw new OutboundException(OutboundException.Reason.HOST, "IPv6 literal is malformed or has a zone");
            }
            return Optional.of(parse(host.substring(1, host.length() - 1)));
        }
        String[] labels = host.endsWith(".") ? host.substring(0, host.length() - 1).split("\\.", -1)
                : host.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            numeric &= NUMERIC_LABEL.matcher(label).matches();
        }
        if (numeric) {
            if (labels.length == 4 && !host.endsWith(".") && allOctets(labels)) {
                return Optional.of(parse(host));
            }
            throw new OutboundException(OutboundException.Reason.HOST,
                    "numeric host '" + host + "' is not a canonical dotted-quad IPv4 address");
        }
        if (!NAME.matcher(host).matches()) {
            throw new OutboundException(OutboundException.Reason.HOST, "host '" + abbreviate(host) + "' is not a valid name");
        }
        return Optional.empty();
    }

    private static boolean allOctets(String[] labels) {
        for (String label : labels) {
            if (!OCTET.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress parse(String literal) throws OutboundException {
        if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
            throw new OutboundException(OutboundException.Reason.HOST, "not an IP literal");
        }
        try {
            return InetAddress.getByName(literal);   // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new OutboundException(OutboundException.Reason.HOST, "malformed IP literal");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
