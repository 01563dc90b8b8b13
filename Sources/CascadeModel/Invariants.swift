// One invariant style for the whole model, after swift-collections' `Heap+Invariants.swift`: each component
// has a `_checkInvariants()` that runs after its mutations and traps, naming the values, when an invariant is
// broken. The checks are compiled in when the module is built with `CASCADE_INVARIANTS`, which Package.swift
// defines for debug builds (so every test run checks them), and compile to nothing in release builds. Release
// builds still check the protocol's conservation identities at the end of every run (`Engine.finish`).

/// Traps with `message` when `condition` is false, in builds with `CASCADE_INVARIANTS`; nothing otherwise.
@inlinable @inline(__always)
public func _invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                       file: StaticString = #fileID, line: UInt = #line) {
    #if CASCADE_INVARIANTS
    if !condition() { preconditionFailure(message(), file: file, line: line) }
    #endif
}
