using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace FlashSale.Silo.Auth;

/// <summary>The <c>user_id</c> of a request message, found by field name in its descriptor, so every
/// request that names a user (today's and those added later) is checked the same way.</summary>
public static class UserIdField
{
    public const string Name = "user_id";

    private static readonly ConcurrentDictionary<MessageDescriptor, IFieldAccessor?> Accessors = new();

    /// <summary>The request's user_id; null when the message has no such string field.</summary>
    public static string? Of(object request)
    {
        if (request is not IMessage message)
        {
            return null;
        }

        var accessor = Accessors.GetOrAdd(message.Descriptor, static descriptor =>
            descriptor.FindFieldByName(Name) is { FieldType: FieldType.String, IsRepeated: false } field ? field.Accessor : null);
        return accessor?.GetValue(message) as string;
    }
}
