"""Rules behind the `chipwatch_events` component, one concern per module.

`triggers` finds the measures a sentence names, `actors` the body behind each, `status` whether it
is announced, proposed, lifted or background, `listings` what an Entity List addition entails, and
`links` joins the events of one article.
"""
