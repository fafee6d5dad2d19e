"""The pages of the dashboard, one package each; Dash finds them by their page.py."""
