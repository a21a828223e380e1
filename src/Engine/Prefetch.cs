using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace StallSim.Engine;

/// <summary>
/// With 100k live processes their objects no longer fit in the caches, and every dispatch would wait for
/// one cache miss on the process it resumes. The loop asks the CPU to start loading the next target while
/// the current one runs. A prefetch is only a hint: if the object moves or the next target changes, nothing
/// is wrong, only slower.
/// </summary>
internal static class Prefetch
{
#pragma warning disable CS0649 // never assigned: it only names the first byte of any object's fields
    private sealed class RawObject
    {
        public byte FirstField;
    }
#pragma warning restore CS0649

    /// <summary>Asks for the first two cache lines of <paramref name="target"/>'s fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Object(object? target)
    {
        if (target is null || !Sse.IsSupported)
            return;
        var first = (byte*)Unsafe.AsPointer(ref Unsafe.As<RawObject>(target).FirstField);
        Sse.Prefetch0(first);
        Sse.Prefetch0(first + 64);
    }
}
