"""stub"""


def diff_to_html(d):
    return ""
