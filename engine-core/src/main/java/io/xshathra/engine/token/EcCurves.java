package io.xshathra.engine.token;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Map;

/** The three curves JWS uses (RFC 7518 §3.4), by JWK {@code crv} name and by JWS algorithm. */
final class EcCurves {

    /** JWK curve name → JDK standard name. */
    private static final Map<String, String> STANDARD_NAMES = Map.of(
            "P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

    private EcCurves() {
    }

    /** The JWS algorithm a key's curve serves ({@code ES256}, {@code ES384}, {@code ES512}), or null. */
    static String jwsAlgorithm(ECPublicKey key) {
        return switch (key.getParams().getCurve().getField().getFieldSize()) {
            case 256 -> "ES256";
            case 384 -> "ES384";
            case 521 -> "ES512";
            default -> null;
        };
    }

    /** Parameters of a JWK curve, or null for an unknown curve. */
    static ECParameterSpec params(String crv) {
        String name = STANDARD_NAMES.get(crv);
        if (name == null) {
            return null;
        }
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(name));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** Whether a point lies on the curve (y² = x³ + ax + b mod p), so no foreign point is used. */
    static boolean onCurve(ECPoint point, ECParameterSpec spec) {
        ECField field = spec.getCurve().getField();
        if (!(field instanceof ECFieldFp fp) || point.equals(ECPoint.POINT_INFINITY)) {
            return false;
        }
        BigInteger p = fp.getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        return left.equals(right);
    }
}
