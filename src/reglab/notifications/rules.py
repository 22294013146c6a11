import rules

# Everyone with an account has their own notifications and settings; views only ever show the user's own.
rules.add_perm("notifications.view_notifications", rules.is_authenticated)
