using Evaluation.Shared.Respondents;

namespace Evaluation.Tests.Domain;

public class ContactTests
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("138-1234-5678", "13812345678")]
    [InlineData("+86 13812345678", "13812345678")]
    [InlineData("008619912345678", "19912345678")]
    public void Mainland_mobile_numbers_are_accepted_and_normalized(string input, string expected)
    {
        var contact = Contact.Parse(input);
        Assert.NotNull(contact);
        Assert.Equal(ContactKind.Mobile, contact.Kind);
        Assert.Equal(expected, contact.Value);
    }

    [Theory]
    [InlineData("1381234567")]     // ten digits
    [InlineData("138123456789")]   // twelve digits
    [InlineData("12812345678")]    // no 12x mobile range
    [InlineData("03171234567")]    // a landline
    [InlineData("abcdefghijk")]
    public void Other_numbers_are_refused(string input) => Assert.Null(Contact.Parse(input));

    [Theory]
    [InlineData("zhang.san@example.cn")]
    [InlineData("li_si+opinion@mail.renqiu.gov.cn")]
    public void Email_addresses_are_accepted(string input)
    {
        var contact = Contact.Parse(input);
        Assert.NotNull(contact);
        Assert.Equal(ContactKind.Email, contact.Kind);
        Assert.Equal(input, contact.Value);
    }

    [Theory]
    [InlineData("zhangsan@")]
    [InlineData("@example.cn")]
    [InlineData("zhang san@example.cn")]
    [InlineData("zhangsan@example")]
    [InlineData("a@b@example.cn")]
    [InlineData("Zhang <z@example.cn>")]
    public void Malformed_emails_are_refused(string input) => Assert.Null(Contact.Parse(input));
}
