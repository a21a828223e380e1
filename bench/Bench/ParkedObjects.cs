using System.Reflection;
using System.Runtime.InteropServices;
using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.Bench;

/// <summary>
/// What one parked request holds, object by object: the objects reachable from a waiter of the list that belong to
/// its request alone (its goroutine, the goroutine's suspended frames, its context, channel, request and result),
/// each counted once at its size. The rest of what a parked goroutine costs is its share of the run's arrays (the
/// list's trees, the timer queue, the live list), which grow by doubling. So the bench says where the bytes go
/// without a heap dump.
/// </summary>
public static class ParkedObjects
{
    /// <summary>Objects of these kinds belong to one request; everything else a waiter reaches (the runtime, the pool,
    /// the connection, the sites, shared delegates) is shared by all of them and is not followed.</summary>
    private static bool OwnedByTheRequest(Type type) =>
        type == typeof(Goroutine)
        || type == typeof(Context)
        || type == typeof(Waiter)
        || type == typeof(Request)
        || type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Chan<>) || type.GetGenericTypeDefinition() == typeof(Returns<>))
        || IsFrame(type);

    /// <summary>A C# iterator's state machine: a goroutine's suspended frame of one of the pool's methods.</summary>
    private static bool IsFrame(Type type) =>
        type.IsNested && type.Name.StartsWith('<') && typeof(IEnumerator<Wait>).IsAssignableFrom(type);

    /// <summary>The objects <paramref name="waiter"/>'s request holds, as (what, bytes), largest first.</summary>
    public static IReadOnlyList<(string What, int Bytes)> Of(Waiter waiter)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var todo = new Stack<object>([waiter]);
        var found = new List<(string, int)>();
        while (todo.TryPop(out var o))
        {
            if (!seen.Add(o))
                continue;
            var type = o.GetType();
            found.Add((Describe(type), BaseSize(type)));
            const BindingFlags declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
                foreach (var field in t.GetFields(declared))
                    if (!field.FieldType.IsValueType && field.GetValue(o) is { } next && OwnedByTheRequest(next.GetType()))
                        todo.Push(next);
        }
        return [.. found.OrderByDescending(f => f.Item2).ThenBy(f => f.Item1, StringComparer.Ordinal)];
    }

    /// <summary>A frame by its method (<c>&lt;waitForConn&gt;d__19</c> → <c>waitForConn frame</c>), a generic by its name.</summary>
    private static string Describe(Type type) =>
        IsFrame(type) ? $"{type.Name[1..type.Name.IndexOf('>')]} frame"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(",", type.GetGenericArguments().Select(a => a.Name))}>"
        : type.Name;

    /// <summary>An object's size on the heap: CoreCLR keeps it in the type's method table, the 32 bits after the flags
    /// (MethodTable::m_BaseSize). None of these objects is an array, so the base size is the whole object.</summary>
    private static int BaseSize(Type type) => Marshal.ReadInt32(type.TypeHandle.Value, 4);
}
