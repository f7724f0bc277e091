using Evaluation.Shared.Input;
using Evaluation.Shared.Opinions;

namespace Evaluation.Tests.Domain;

public class OpinionRulesTests
{
    private static readonly HashSet<string> Regions = ["xinhualu", "chuan"];

    private static (NewOpinion? Opinion, IReadOnlyList<FieldError> Errors) Check(OpinionDraft draft) =>
        OpinionRules.Validate(1, Channels.Online, draft, Regions);

    private static OpinionDraft Valid => new("citizen", null, null, "xinhualu", "建议简化办事流程。", false);

    [Fact]
    public void A_complete_anonymous_opinion_passes()
    {
        var (opinion, errors) = Check(Valid);
        Assert.Empty(errors);
        Assert.NotNull(opinion);
        Assert.Equal("建议简化办事流程。", opinion.Body);
        Assert.Null(opinion.Name);
        Assert.Null(opinion.Contact);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    [InlineData("\u200B\u0000")]
    public void Empty_text_is_refused(string? body)
    {
        var (opinion, errors) = Check(Valid with { Body = body });
        Assert.Null(opinion);
        Assert.Contains(errors, e => e is { Field: "Body", MessageKey: "Opinion.Body.Required" });
    }

    [Fact]
    public void Text_of_5000_characters_passes_and_5001_is_refused()
    {
        // Counted as characters, as PostgreSQL counts them: an astral character is one, not two UTF-16 units.
        var atLimit = new string('意', 4999) + "𠀀";
        Assert.Empty(Check(Valid with { Body = atLimit }).Errors);
        var (opinion, errors) = Check(Valid with { Body = atLimit + "见" });
        Assert.Null(opinion);
        var error = Assert.Single(errors);
        Assert.Equal("Opinion.Body.TooLong", error.MessageKey);
        Assert.Equal([5000, 5001], error.Args);
    }

    [Fact]
    public void Control_characters_are_removed_and_line_breaks_kept()
    {
        var (opinion, _) = Check(Valid with { Body = "第一行\r\n第二行\u0007\t完" });
        Assert.Equal("第一行\n第二行\t完", opinion!.Body);
    }

    [Theory]
    [InlineData("1381234567")]
    [InlineData("not-an-email@")]
    public void A_bad_contact_is_refused(string contact)
    {
        var (_, errors) = Check(Valid with { Contact = contact, Consent = true });
        Assert.Contains(errors, e => e is { Field: "Contact", MessageKey: "Opinion.Contact.Invalid" });
    }

    [Fact]
    public void Personal_data_without_consent_is_refused()
    {
        var (_, errors) = Check(Valid with { Name = "张三", Contact = "13812345678" });
        Assert.Contains(errors, e => e is { Field: "Consent", MessageKey: "Opinion.Consent.Required" });
        var (opinion, none) = Check(Valid with { Name = "张三", Contact = "13812345678", Consent = true });
        Assert.Empty(none);
        Assert.Equal("13812345678", opinion!.Contact!.Value);
    }

    [Theory]
    [InlineData(null, "Opinion.Region.Required")]
    [InlineData("beijing", "Opinion.Region.Invalid")]
    public void Region_must_be_one_of_the_list(string? region, string key)
    {
        var (_, errors) = Check(Valid with { RegionCode = region });
        Assert.Contains(errors, e => e.Field == "RegionCode" && e.MessageKey == key);
    }

    [Theory]
    [InlineData(null, "Opinion.RespondentType.Required")]
    [InlineData("official", "Opinion.RespondentType.Invalid")]
    public void Respondent_type_must_be_known(string? type, string key)
    {
        var (_, errors) = Check(Valid with { RespondentType = type });
        Assert.Contains(errors, e => e.Field == "RespondentType" && e.MessageKey == key);
    }

    [Fact]
    public void Html_is_kept_as_plain_text()
    {
        var (opinion, _) = Check(Valid with { Body = "<script>alert(1)</script>" });
        Assert.Equal("<script>alert(1)</script>", opinion!.Body);
    }
}
