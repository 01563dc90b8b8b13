extension Network {
    /// Checks the network's invariants; runs after every block in debug builds, compiles to nothing in release.
    /// The base fee is finite and > 0; mempool ids strictly increase (submission order is id order, which
    /// the tie-break relies on); no pending transaction could never fit in a block.
    func _checkInvariants() {
        #if DEBUG
        assert(baseFeeGwei.isFinite && baseFeeGwei > 0, "Base fee must stay finite and > 0, got \(baseFeeGwei)")
        let ids = mempool.pending.map(\.id)
        assert(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }, "Mempool out of submission order: \(ids)")
        assert(mempool.pending.allSatisfy { $0.gasUsed <= config.gasLimit }, "A pending transaction exceeds the gas limit")
        #endif
    }
}
