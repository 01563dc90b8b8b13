import Foundation

// Invariant checks (Invariants.swift): run after every mutation with CASCADE_INVARIANTS (debug builds),
// compiled out of release builds.

extension BandAMM {
    /// The coins in the bands plus the admin fees, USD and collateral.
    public var held: (x: Double, y: Double) {
        var x = adminFeesX, y = adminFeesY
        for r in bandX.indices {
            x += bandX[r]
            y += bandY[r]
        }
        return (x, y)
    }

    /// How far the coins held are from what came in less what went out, relative to all that ever came in
    /// (0 when conserved up to rounding).
    public var conservationError: (x: Double, y: Double) {
        let h = held
        func rel(_ a: Double, _ b: Double, _ gross: Double) -> Double {
            let scale = max(abs(a), abs(b), gross)
            return scale == 0 ? 0 : abs(a - b) / scale
        }
        return (rel(h.x, netXIn, grossXIn), rel(h.y, netYIn, grossYIn))
    }

    /// Checks that no balance is negative, that only the active band holds both coins (bands above it, lower
    /// n, only USD; bands below only collateral), and that the coins are conserved to 1e−9 relative.
    /// Does nothing without CASCADE_INVARIANTS (release builds).
    @inlinable
    public func _checkInvariants() {
        #if CASCADE_INVARIANTS
        for r in bandX.indices {
            let n = origin + r
            precondition(bandX[r] >= 0 && bandY[r] >= 0 && bandX[r].isFinite && bandY[r].isFinite,
                         "LLAMMA band \(n): x \(bandX[r]), y \(bandY[r]), expected finite and ≥ 0")
            precondition(n >= activeBand || bandY[r] == 0,
                         "LLAMMA band \(n) above the active band \(activeBand) holds collateral \(bandY[r])")
            precondition(n <= activeBand || bandX[r] == 0,
                         "LLAMMA band \(n) below the active band \(activeBand) holds USD \(bandX[r])")
        }
        let e = conservationError
        precondition(e.x <= 1e-9 && e.y <= 1e-9,
                     "LLAMMA coins not conserved: held \(held), net in (\(netXIn), \(netYIn))")
        #endif
    }
}
