/// The arbitrageur's sizing against a LLAMMA: the swap that pays most.
public enum SoftLiquidationArbitrage {
    /// The maximum of a unimodal `f` on (0, upper]: golden-section search to 1e−9 of `upper`, then the
    /// better of that point and `upper` itself.
    public static func maximize(_ f: (Double) -> Double, upTo upper: Double) -> (x: Double, value: Double) {
        let r = (5.0.squareRoot() - 1) / 2
        var a = 0.0, b = upper
        var c = b - r * (b - a), d = a + r * (b - a)
        var fc = f(c), fd = f(d)
        for _ in 0..<48 where b - a > 1e-9 * upper {
            if fc < fd {
                a = c; c = d; fc = fd
                d = a + r * (b - a); fd = f(d)
            } else {
                b = d; d = c; fd = fc
                c = b - r * (b - a); fc = f(c)
            }
        }
        let top = f(upper)
        return fc >= fd ? (fc >= top ? (c, fc) : (upper, top)) : (fd >= top ? (d, fd) : (upper, top))
    }
}
